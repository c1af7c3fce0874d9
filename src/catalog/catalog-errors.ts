/**
 * Catalog changes refused on purpose (same shape as PostureError): adapters map `reason` to a
 * status — `invalid` → 400 naming `field`, `not-found` → 404 with `hint`, `conflict` → 409.
 */
export class CatalogError extends Error {
  readonly code = 'E_CATALOG';
  readonly reason: 'invalid' | 'not-found' | 'conflict';
  readonly field?: string;
  readonly hint?: string;

  constructor(
    reason: CatalogError['reason'],
    message: string,
    options: { field?: string; hint?: string } = {},
  ) {
    super(message);
    this.name = 'CatalogError';
    this.reason = reason;
    if (options.field !== undefined) this.field = options.field;
    if (options.hint !== undefined) this.hint = options.hint;
  }
}

export const invalidField = (field: string, problem: string): CatalogError =>
  new CatalogError('invalid', `${field} ${problem}`, { field });
