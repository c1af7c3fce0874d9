/**
 * Failures the posture service raises on purpose; adapters map `reason` to a status (HTTP 400,
 * 403, 404) and show the message, which names the field or object.
 */
export class PostureError extends Error {
  readonly reason: 'invalid' | 'not-found' | 'forbidden' | 'conflict';
  /** The input field at fault (`body.findings[3].severity`), for `invalid`. */
  readonly field?: string;
  readonly hint?: string;

  constructor(
    reason: PostureError['reason'],
    message: string,
    options: { field?: string; hint?: string } = {},
  ) {
    super(message);
    this.name = 'PostureError';
    this.reason = reason;
    if (options.field !== undefined) this.field = options.field;
    if (options.hint !== undefined) this.hint = options.hint;
  }
}

export const invalid = (field: string, problem: string): PostureError =>
  new PostureError('invalid', `${field} ${problem}`, { field });
