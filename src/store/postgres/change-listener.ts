import pg from 'pg';
import { CHANGE_CHANNEL_SQL } from './commit-notify.ts';

export interface ChangeListenerOptions {
  /** postgres://… as for the pool. */
  readonly url: string;
  /** The pool's search_path schema, so both compute the same channel (see commit-notify.ts). */
  readonly schema?: string;
  /** First wait before reconnecting a dropped connection, doubling up to 5 s (default 100 ms). */
  readonly retryDelayMs?: number;
}

const MAX_RETRY_DELAY_MS = 5_000;

/**
 * Hears every commit that wrote to this schema, by any Rampart process (commit-notify.ts), on a
 * connection of its own that does nothing but LISTEN. `stamp()` moves on each notification, so
 * a cache keyed by it drops what another replica's write made stale as soon as PostgreSQL
 * delivers the notification (it signals listeners before the writer's COMMIT returns; the
 * message then crosses the network to this process).
 *
 * Notifications sent while the connection is down are lost, so then `stamp()` is undefined —
 * callers cache nothing — and it moves again once listening resumes: nothing cached before the
 * drop is trusted after it. The connection is reopened after 100 ms, doubling up to 5 s.
 * It is opened on the first `stamp()`: only processes that cache pay for the connection.
 */
export class ChangeListener {
  readonly #options: ChangeListenerOptions;
  readonly #initialDelayMs: number;
  #delayMs: number;
  /** Moves on every notification and every connection change. */
  #generation = 0;
  #listening = false;
  #started = false;
  #closed = false;
  #client: pg.Client | undefined;
  #retry: NodeJS.Timeout | undefined;

  constructor(options: ChangeListenerOptions) {
    this.#options = options;
    this.#initialDelayMs = options.retryDelayMs ?? 100;
    this.#delayMs = this.#initialDelayMs;
  }

  /** A string that moves whenever a commit is announced; undefined while not listening. */
  stamp(): string | undefined {
    if (!this.#started && !this.#closed) {
      this.#started = true;
      void this.#connect();
    }
    return this.#listening ? String(this.#generation) : undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    this.#listening = false;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({
      connectionString: this.#options.url,
      connectionTimeoutMillis: 10_000,
      // Named, so an operator can tell it from pool connections in pg_stat_activity.
      application_name: 'rampart change listener',
      keepAlive: true,
      ...(this.#options.schema ? { options: `-c search_path=${this.#options.schema}` } : {}),
    });
    this.#client = client;
    client.on('notification', () => {
      if (this.#client === client) this.#generation++;
    });
    // Without an 'error' listener a dropped connection would crash the process.
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      const channel = (await client.query<{ channel: string }>(`select ${CHANGE_CHANNEL_SQL} as channel`))
        .rows[0]?.channel;
      if (channel === undefined) throw new Error('no change channel');
      await client.query(`listen ${client.escapeIdentifier(channel)}`);
    } catch {
      this.#lost(client);
      return;
    }
    if (this.#client !== client) return;
    // Only commits from now on are heard; anything cached under an earlier stamp is not trusted.
    this.#generation++;
    this.#listening = true;
    this.#delayMs = this.#initialDelayMs;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#listening = false;
    this.#generation++;
    client.end().catch(() => undefined);
    if (this.#closed) return;
    this.#retry = setTimeout(() => void this.#connect(), this.#delayMs);
    this.#delayMs = Math.min(this.#delayMs * 2, MAX_RETRY_DELAY_MS);
  }
}
