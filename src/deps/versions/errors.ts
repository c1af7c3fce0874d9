import { RampartError } from '../../core/errors.ts';

/**
 * A version that its ecosystem would reject (or an ecosystem we do not know). Raised instead of
 * guessing: a wrong order silently hides or invents vulnerabilities.
 */
export class VersionError extends RampartError {
  readonly ecosystem: string;
  /** The rejected version; absent when the ecosystem itself is unknown. */
  readonly version?: string;

  constructor(ecosystem: string, version: string | undefined, reason: string) {
    super(
      'E_VERSION',
      version === undefined
        ? `${reason}: ${JSON.stringify(ecosystem)}`
        : `invalid ${ecosystem} version ${JSON.stringify(version)}: ${reason}`,
    );
    this.name = 'VersionError';
    this.ecosystem = ecosystem;
    if (version !== undefined) this.version = version;
  }
}
