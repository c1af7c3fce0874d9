import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers helmet sets for `options`, worked out once: they do not depend on the request. */
export function helmetHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  // helmet's middleware only ever sets or removes headers on the response; anything else it
  // touched would mean a helmet release whose headers depend on the request, which this
  // precomputation cannot honour — fail at start-up rather than send wrong headers.
  const recorder = new Proxy(
    {
      setHeader(name: string, value: string | number | readonly string[]) {
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      },
      removeHeader(name: string) {
        delete headers[name.toLowerCase()];
      },
    },
    {
      get(target, property) {
        if (property === 'setHeader' || property === 'removeHeader') return target[property];
        throw new Error(
          `security headers: helmet read response.${String(property)}; its headers are per request`,
        );
      },
    },
  );
  let failed: unknown;
  helmet(options)({} as never, recorder as unknown as ServerResponse, (error?: unknown) => {
    failed = error;
  });
  if (failed) throw failed;
  return headers;
}

/**
 * helmet's security headers on every response. @fastify/helmet rebuilds the helmet middleware
 * (and re-parses the CSP) on every request, which tripled the cost of a cheap read
 * (bench/api-load.ts); the headers here are computed once and copied onto each reply.
 */
export const securityHeaders = fp(async (app: FastifyInstance, options: HelmetOptions): Promise<void> => {
  const headers = helmetHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
});
