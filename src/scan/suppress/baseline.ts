import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SuppressionError } from '../../core/errors.ts';
import type { Finding } from '../../core/finding.ts';
import type { BaselineEntry, BaselineFile } from './types.ts';

export const DEFAULT_BASELINE = '.rampart/baseline.json';

/** Kinds a baseline may accept: problems in the code, not messages about the scan or waivers. */
export function baselinable(finding: Finding): boolean {
  return (
    finding.kind === 'violation' || finding.kind === 'parse-error' || finding.kind === 'evaluation-error'
  );
}

export function buildBaseline(findings: readonly Finding[], now: Date): BaselineFile {
  const seen = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (!baselinable(f) || seen.has(f.fingerprint)) continue;
    seen.set(f.fingerprint, {
      fingerprint: f.fingerprint,
      rule: f.ruleId,
      ...(f.location.file ? { file: f.location.file } : {}),
    });
  }
  const entries = [...seen.values()].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      a.rule.localeCompare(b.rule) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
  return { version: 1, createdAt: now.toISOString(), findings: entries };
}

export async function writeBaseline(absPath: string, baseline: BaselineFile): Promise<void> {
  await mkdir(path.dirname(absPath), { recursive: true });
  await writeFile(absPath, `${JSON.stringify(baseline, null, 2)}\n`);
}

/** The fingerprints of a baseline file; `display` names the file in errors. */
export async function readBaseline(absPath: string, display: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(absPath, 'utf8');
  } catch (error) {
    throw new SuppressionError('E_BASELINE_INVALID', `cannot read baseline (${String(error)})`, {
      file: display,
      cause: error,
    });
  }
  return parseBaseline(text, display);
}

export function parseBaseline(text: string, display: string): Set<string> {
  const fail = (message: string): never => {
    throw new SuppressionError('E_BASELINE_INVALID', message, { file: display });
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('expected a JSON object');
  const record = data as Record<string, unknown>;
  if (record.version !== 1) fail(`version: expected 1, got ${JSON.stringify(record.version)}`);
  if (!Array.isArray(record.findings)) return fail('findings: expected a list');
  const out = new Set<string>();
  record.findings.forEach((entry: unknown, i: number) => {
    const fp =
      typeof entry === 'object' && entry !== null
        ? (entry as Record<string, unknown>).fingerprint
        : undefined;
    if (typeof fp !== 'string' || fp === '') fail(`findings[${i}].fingerprint: expected a non-empty string`);
    out.add(fp as string);
  });
  return out;
}
