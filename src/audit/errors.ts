import { RampartError } from '../core/errors.ts';

/** A key file, export file or entry the audit log cannot use. Tampering is a result, not an error. */
export class AuditError extends RampartError {
  constructor(message: string, options: { file?: string; line?: number; cause?: unknown } = {}) {
    super('E_AUDIT', message, options);
    this.name = 'AuditError';
  }
}
