import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Principal } from '../../catalog/principal.ts';
import type { Store } from '../../store/store.ts';
import { changeStampOf } from './change-stamp.ts';

export interface ReadCacheOptions {
  readonly store: Store;
  /** Route URLs (as registered, e.g. '/api/findings') whose 200 answers to GET are reused. */
  readonly routes: readonly string[];
  /** The server's clock (tests move it); default the real one. */
  readonly now?: () => Date;
  /** How long an answer is reused at most (default 500 ms). */
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  /** Answers longer than this many characters are not kept (default 128 Ki; 256 entries at most). */
  readonly maxBodyBytes?: number;
}

interface Entry {
  readonly stamp: string;
  readonly at: number;
  readonly body: string;
  readonly contentType: string;
}

interface Pending {
  readonly key: string;
  readonly stamp: string;
  readonly at: number;
  /** Settles the requests waiting for this one's answer (see `inflight`). */
  readonly settle: (entry: Entry | undefined) => void;
}

interface InFlight {
  readonly stamp: string;
  readonly answer: Promise<Entry | undefined>;
}

const PENDING = Symbol('readCache');
type CachedRequest = FastifyRequest & { [PENDING]?: Pending };

/**
 * Reuses the serialised answer of a read for the same URL by a caller with the same rights, as
 * long as nothing was written since (Store.changeStamp, taken before the handler reads) and the
 * answer is younger than `ttlMs`. 200 clients asking for the same findings page at once cost one
 * query and one serialisation instead of 200 (bench/api-load.ts).
 *
 * How stale an answer can be: writes through this server, and on SQLite writes by any process,
 * are seen by the next request; on PostgreSQL another replica's commit once its notification
 * arrives (a few ms; ADR 7), and while the listening connection is down nothing is cached. The
 * age limit bounds the rest: writes that bypass Rampart's store (psql), values computed from the
 * clock (a finding turning overdue) and the exception-expiry sweep that reads run at most once a
 * second — each shows up at most `ttlMs` later than without the cache.
 */
export const readCache = fp(async (app: FastifyInstance, options: ReadCacheOptions) => {
  const store = options.store;
  const routes = new Set(options.routes);
  const now = options.now ?? (() => new Date());
  const ttlMs = options.ttlMs ?? 500;
  const maxEntries = options.maxEntries ?? 256;
  const maxBodyBytes = options.maxBodyBytes ?? 128 * 1024;
  const entries = new Map<string, Entry>();
  // A read being computed now, by key: requests arriving meanwhile with the same stamp wait for
  // its answer instead of running the same query beside it (200 clients whose cached answer aged
  // out together would otherwise all miss at once).
  const inflight = new Map<string, InFlight>();
  const send = async (reply: FastifyReply, entry: Entry) => {
    reply.header('content-type', entry.contentType);
    await reply.send(entry.body);
    return reply;
  };

  // preHandler: after the guard (preValidation) has attached the principal and the query is valid.
  app.addHook('preHandler', async (request: CachedRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || !routes.has(request.routeOptions.url ?? '')) return;
    const principal = request.principal;
    if (!principal) return;
    const key = `${request.url}\n${rightsOf(principal)}`;
    const stamp = await changeStampOf(request, store);
    if (stamp === undefined) return;
    const at = now().getTime();
    const entry = entries.get(key);
    if (entry && entry.stamp === stamp && at >= entry.at && at - entry.at < ttlMs) return send(reply, entry);
    if (entry) entries.delete(key);
    const running = inflight.get(key);
    if (running && running.stamp === stamp) {
      const answer = await running.answer;
      if (answer) return send(reply, answer);
      return;
    }
    let settle: (entry: Entry | undefined) => void = () => undefined;
    const answer = new Promise<Entry | undefined>((resolve) => {
      settle = resolve;
    });
    inflight.set(key, { stamp, answer });
    request[PENDING] = {
      key,
      stamp,
      at,
      settle: (result) => {
        if (inflight.get(key)?.answer === answer) inflight.delete(key);
        settle(result);
      },
    };
  });

  app.addHook('onSend', async (request: CachedRequest, reply, payload) => {
    const pending = request[PENDING];
    if (!pending) return payload;
    if (reply.statusCode !== 200 || typeof payload !== 'string' || payload.length > maxBodyBytes) {
      pending.settle(undefined);
      return payload;
    }
    const contentType = reply.getHeader('content-type');
    const entry = {
      stamp: pending.stamp,
      at: pending.at,
      body: payload,
      contentType: typeof contentType === 'string' ? contentType : 'application/json; charset=utf-8',
    };
    entries.set(pending.key, entry);
    // Oldest first (Map order): a full cache forgets its oldest answer.
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    pending.settle(entry);
    return payload;
  });
  // Whatever happened (an error, a dropped connection), waiters must not wait forever; settling
  // twice is harmless.
  app.addHook('onResponse', async (request: CachedRequest) => request[PENDING]?.settle(undefined));
  app.addHook('onRequestAbort', async (request: CachedRequest) => request[PENDING]?.settle(undefined));
});

/** What decides what a caller may see: the same person with the same grants and scopes. */
function rightsOf(principal: Principal): string {
  return JSON.stringify([
    principal.kind,
    principal.personId,
    principal.tokenId ?? '',
    principal.grants,
    principal.scopes ?? null,
  ]);
}
