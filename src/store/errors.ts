import { RampartError } from '../core/errors.ts';

/** `conflict`: a unique name or key already exists; `not-found`: a referenced row does not. */
export type StoreErrorReason = 'conflict' | 'not-found';

/** Database unreachable, unusable configuration, or a migration that failed. Messages never contain passwords. */
export class StoreError extends RampartError {
  /** Set when the caller (e.g. the HTTP API) should answer 409/404 rather than 500. */
  readonly reason?: StoreErrorReason;

  constructor(message: string, options: { file?: string; cause?: unknown; reason?: StoreErrorReason } = {}) {
    super('E_STORE', message, options);
    this.name = 'StoreError';
    if (options.reason !== undefined) this.reason = options.reason;
  }
}
