import { RampartError } from '../core/errors.ts';

/** Database unreachable, unusable configuration, or a migration that failed. Messages never contain passwords. */
export class StoreError extends RampartError {
  constructor(message: string, options: { file?: string; cause?: unknown } = {}) {
    super('E_STORE', message, options);
    this.name = 'StoreError';
  }
}
