import { RampartError } from '../../core/errors.ts';

/**
 * A worker thread of a parallel scan died (uncaught error, out of memory, exit). Its files went
 * unscanned, so the scan stops with this error (exit 2) instead of reporting a partial result.
 */
export class WorkerError extends RampartError {
  constructor(message: string, cause?: unknown) {
    super('E_WORKER', message, cause === undefined ? {} : { cause });
    this.name = 'WorkerError';
  }
}
