import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Stable codes of the API's one error shape; clients branch on these, never on the message. */
export type HttpErrorCode =
  | 'E_VALIDATION'
  | 'E_BAD_REQUEST'
  | 'E_UNAUTHENTICATED'
  | 'E_FORBIDDEN'
  | 'E_CSRF'
  | 'E_NOT_FOUND'
  | 'E_CONFLICT'
  | 'E_TOO_LARGE'
  | 'E_UNSUPPORTED_MEDIA_TYPE'
  | 'E_RATE_LIMITED'
  | 'E_UNAVAILABLE'
  | 'E_INTERNAL';

/** `{ code, message, details }` — every error response has exactly this shape. */
export interface ErrorBody {
  readonly code: HttpErrorCode;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/** An error a route throws on purpose; the error handler turns it into the error shape. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: HttpErrorCode;
  readonly details: Record<string, unknown>;

  constructor(
    statusCode: number,
    code: HttpErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }
}

/** The same words for every credential failure: which part was wrong is never revealed. */
export const unauthenticated = (): HttpError =>
  new HttpError(401, 'E_UNAUTHENTICATED', 'authentication required: sign in or send a valid API token');

export const forbidden = (permission: string): HttpError =>
  new HttpError(403, 'E_FORBIDDEN', `this action needs the '${permission}' permission`, { permission });

export const notFound = (what: string, hint: string): HttpError =>
  new HttpError(404, 'E_NOT_FOUND', `${what} not found`, { hint });

const STATUS_CODES: Readonly<Record<number, HttpErrorCode>> = {
  400: 'E_BAD_REQUEST',
  401: 'E_UNAUTHENTICATED',
  403: 'E_FORBIDDEN',
  404: 'E_NOT_FOUND',
  409: 'E_CONFLICT',
  413: 'E_TOO_LARGE',
  415: 'E_UNSUPPORTED_MEDIA_TYPE',
  429: 'E_RATE_LIMITED',
  503: 'E_UNAVAILABLE',
};

/** Fastify's validation error → 400 naming the field (`body.email`, `querystring.limit`…). */
function validationBody(error: FastifyError): ErrorBody {
  const where = error.validationContext ?? 'body';
  const issues = (error.validation ?? []).map((v) => {
    const missing = (v.params as { missingProperty?: unknown } | undefined)?.missingProperty;
    const path = (v.instancePath ?? '').split('/').filter(Boolean);
    if (typeof missing === 'string') path.push(missing);
    return { field: [where, ...path].join('.'), message: v.message ?? 'is invalid' };
  });
  const first = issues[0] ?? { field: where, message: 'is invalid' };
  return {
    code: 'E_VALIDATION',
    message: `${first.field} ${first.message}`,
    details: { field: first.field, issues },
  };
}

/** Turns anything thrown into the error shape; 5xx are logged with the stack and shown without it. */
export function handleError(
  error: FastifyError | HttpError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error instanceof HttpError) {
    if (error.statusCode === 429 && error.details.retryAfterSeconds !== undefined)
      reply.header('retry-after', String(error.details.retryAfterSeconds));
    void reply.status(error.statusCode).send(body(error.code, error.message, error.details));
    return;
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    void reply.status(400).send(validationBody(fe));
    return;
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  const code = STATUS_CODES[status];
  if (status < 500 && code) {
    // Fastify's own client errors (bad JSON, too large, wrong content type): their messages name
    // the problem and carry no internals.
    void reply.status(status).send(body(code, fe.message, fe.code ? { reason: fe.code } : {}));
    return;
  }
  request.log.error({ err: error }, 'request failed');
  void reply
    .status(500)
    .send(body('E_INTERNAL', 'internal error; the server log has the details', { requestId: request.id }));
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send(
    body('E_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`, {
      hint: 'see /openapi.json for the API',
    }),
  );
}

function body(code: HttpErrorCode, message: string, details: Record<string, unknown>): ErrorBody {
  return { code, message, details };
}
