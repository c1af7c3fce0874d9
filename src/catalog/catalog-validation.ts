import { invalidField } from './catalog-errors.ts';

/** Service criticality, most important first (docs/catalog.md). */
export const TIERS = ['critical', 'high', 'medium', 'low'] as const;
export const DATA_CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;

// Backstage-compatible entity names, so imported catalogs keep their names.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}$/;

export function checkName(field: string, value: string): string {
  if (!NAME.test(value))
    throw invalidField(
      field,
      `must be 1–100 letters, digits, '.', '_' or '-', starting with a letter or digit (got '${value.slice(0, 120)}')`,
    );
  return value;
}

export function checkEmail(field: string, value: string): string {
  if (!EMAIL.test(value))
    throw invalidField(field, `must be an email address (got '${value.slice(0, 260)}')`);
  return value.toLowerCase();
}

export function checkDisplayName(field: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 200) throw invalidField(field, 'must be 1–200 characters');
  return trimmed;
}

export function checkOneOf<T extends string>(
  field: string,
  value: string | null,
  allowed: readonly T[],
): T | null {
  if (value === null) return null;
  if (!(allowed as readonly string[]).includes(value))
    throw invalidField(field, `must be one of ${allowed.join(', ')} (got '${value.slice(0, 100)}')`);
  return value as T;
}

/** Repository links are shown as links: only http(s) URLs, never javascript: and friends. */
export function checkRepositoryUrl(field: string, value: string | null): string | null {
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidField(field, `must be an http(s) URL (got '${value.slice(0, 200)}')`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || value.length > 500)
    throw invalidField(field, `must be an http(s) URL of at most 500 characters`);
  return value;
}

// Backstage leaves lifecycle and type free-form (`production`, `experimental`, `service`,
// `website`…); Rampart keeps them as short lower-case words so filters and badges stay tidy.
const WORD = /^[a-z0-9][a-z0-9._-]{0,49}$/;

/** A Backstage `spec.lifecycle` / `spec.type` value, or null. */
export function checkWord(field: string, value: string | null): string | null {
  if (value === null) return null;
  if (!WORD.test(value))
    throw invalidField(
      field,
      `must be 1–50 lower-case letters, digits, '.', '_' or '-' (got '${value.slice(0, 60)}')`,
    );
  return value;
}
