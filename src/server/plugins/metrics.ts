import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { PUBLIC } from '../auth/route-auth.ts';

/**
 * Prometheus metrics: requests by method, route pattern (never the raw URL, which would explode the
 * label set) and status, latency histograms, plus Node process metrics. One registry per server
 * so test servers do not share counters.
 */
export const metricsPlugin = fp(async (app: FastifyInstance): Promise<void> => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'rampart_http_requests_total',
    help: 'HTTP requests handled',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'rampart_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { config: { auth: PUBLIC }, schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
});
