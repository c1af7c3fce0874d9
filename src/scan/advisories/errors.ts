import { RampartError } from '../../core/errors.ts';

/** The advisory index file is missing (`reason: 'not-found'`), unreadable, or of an older schema. */
export class AdvisoryDbError extends RampartError {
  readonly reason?: 'not-found';

  constructor(message: string, options: { file?: string; cause?: unknown; reason?: 'not-found' } = {}) {
    super('E_STORE', message, options);
    this.name = 'AdvisoryDbError';
    if (options.reason !== undefined) this.reason = options.reason;
  }
}
