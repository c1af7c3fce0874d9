import { createHash } from 'node:crypto';
import type { Principal } from '../../catalog/principal.ts';

export interface PrincipalCacheOptions {
  /** The server's clock (tests move it); default the real one. */
  readonly now?: () => Date;
  /** How long a resolved principal is reused at most (default 1 s). */
  readonly ttlMs?: number;
  readonly maxEntries?: number;
}

interface Entry {
  readonly stamp: string;
  readonly at: number;
  readonly principal: Promise<Principal | undefined>;
}

/**
 * Who a token or session secret belongs to, remembered for a moment: resolving it costs three
 * queries (token or session, person, grants), and a CI job or a busy dashboard sends the same
 * secret many times a second. An entry is reused only while the store's change stamp is the one
 * it was resolved under — so a revocation, a sign-out or a role change made through this server
 * (on SQLite: through any process) applies to the very next request, and through another
 * PostgreSQL replica as soon as its commit's notification arrives (ADR 7) — and for at most
 * `ttlMs`, which bounds what the stamp cannot see: writes that bypass Rampart's store, a silently
 * dead listening connection, and a token or session reaching its expiry time. Unknown secrets are never remembered. Keys are SHA-256
 * digests; the secrets themselves are not kept.
 */
export class PrincipalCache {
  readonly #now: () => Date;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();

  constructor(options: PrincipalCacheOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#ttlMs = options.ttlMs ?? 1000;
    this.#maxEntries = options.maxEntries ?? 1000;
  }

  /**
   * The principal for `secret` of `kind`, from `resolve` unless an entry resolved under `stamp`
   * is young enough. Concurrent callers with the same secret and stamp share one resolution.
   */
  async get(
    kind: 'token' | 'session',
    secret: string,
    stamp: string | undefined,
    resolve: () => Promise<Principal | undefined>,
  ): Promise<Principal | undefined> {
    if (stamp === undefined) return resolve();
    const key = `${kind}:${createHash('sha256').update(secret).digest('base64')}`;
    const at = this.#now().getTime();
    const entry = this.#entries.get(key);
    if (entry && entry.stamp === stamp && at >= entry.at && at - entry.at < this.#ttlMs)
      return entry.principal;
    const principal = resolve();
    this.#entries.delete(key);
    this.#entries.set(key, { stamp, at, principal });
    if (this.#entries.size > this.#maxEntries)
      this.#entries.delete(this.#entries.keys().next().value as string);
    try {
      const resolved = await principal;
      if (resolved === undefined) this.#forget(key, principal);
      return resolved;
    } catch (error) {
      this.#forget(key, principal);
      throw error;
    }
  }

  #forget(key: string, principal: Promise<Principal | undefined>): void {
    if (this.#entries.get(key)?.principal === principal) this.#entries.delete(key);
  }
}
