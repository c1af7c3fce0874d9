/**
 * Every error Rampart raises on purpose has a stable `code` (documented in docs/errors.md) and a
 * message that names the input (file, field, flag). Callers branch on `code`, never on text.
 */
export type RampartErrorCode =
  | 'E_USAGE'
  | 'E_CONFIG'
  | 'E_RULE_INVALID'
  | 'E_RULE_CEL'
  | 'E_PARSE'
  | 'E_INPUT_TOO_LARGE'
  | 'E_WAIVER_INVALID'
  | 'E_BASELINE_INVALID'
  /** A VEX document (`--vex`, config `vex:`) that is not OpenVEX or CycloneDX VEX JSON. */
  | 'E_VEX_INVALID'
  | 'E_IO'
  /** Database unreachable, migration failed, or a store query failed (src/store). */
  | 'E_STORE'
  /** Audit log key, export or chain input that cannot be used (src/audit). */
  | 'E_AUDIT'
  /** A version string that is not valid in its ecosystem, or an unknown ecosystem (src/deps/versions). */
  | 'E_VERSION'
  /** A worker thread of a parallel scan died (crash, out of memory): the scan stops, incomplete (src/scan/workers). */
  | 'E_WORKER';

export class RampartError extends Error {
  readonly code: RampartErrorCode;
  /** File the error is about, if any. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(
    code: RampartErrorCode,
    message: string,
    options: { file?: string; line?: number; column?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RampartError';
    this.code = code;
    if (options.file !== undefined) this.file = options.file;
    if (options.line !== undefined) this.line = options.line;
    if (options.column !== undefined) this.column = options.column;
  }

  /** `file:line:column: message` — the shape editors and terminals make clickable. */
  describe(): string {
    if (!this.file) return this.message;
    const where = [this.file, this.line, this.line !== undefined ? this.column : undefined]
      .filter((p) => p !== undefined)
      .join(':');
    return `${where}: ${this.message}`;
  }
}

export class UsageError extends RampartError {
  constructor(message: string) {
    super('E_USAGE', message);
    this.name = 'UsageError';
  }
}

export class ConfigError extends RampartError {
  constructor(
    message: string,
    options: { file?: string; line?: number; column?: number; cause?: unknown } = {},
  ) {
    super('E_CONFIG', message, options);
    this.name = 'ConfigError';
  }
}

export class RuleError extends RampartError {
  constructor(
    code: 'E_RULE_INVALID' | 'E_RULE_CEL',
    message: string,
    options: { file?: string; line?: number; column?: number; cause?: unknown } = {},
  ) {
    super(code, message, options);
    this.name = 'RuleError';
  }
}

export class InputError extends RampartError {
  constructor(
    code: 'E_PARSE' | 'E_INPUT_TOO_LARGE',
    message: string,
    options: { file?: string; line?: number; column?: number; cause?: unknown } = {},
  ) {
    super(code, message, options);
    this.name = 'InputError';
  }
}

export class SuppressionError extends RampartError {
  constructor(
    code: 'E_WAIVER_INVALID' | 'E_BASELINE_INVALID' | 'E_VEX_INVALID',
    message: string,
    options: { file?: string; line?: number; column?: number; cause?: unknown } = {},
  ) {
    super(code, message, options);
    this.name = 'SuppressionError';
  }
}

export function isRampartError(error: unknown): error is RampartError {
  return error instanceof RampartError;
}
