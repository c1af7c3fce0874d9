import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

interface Ambient {
  readonly trx: Kysely<Database>;
  /** False once the transaction has ended: work that outlives it (a stray promise) gets the pool again. */
  open: boolean;
}

/**
 * The transaction a piece of async work runs in, per store. Store.db answers with it while it is
 * open, so repositories called inside Store.transaction (or withExclusiveLock) write in that one
 * transaction without passing it through every call — that is how a state change and its audit
 * entry commit together or not at all. One instance per open store: two stores never share it.
 */
export class AmbientTransaction {
  readonly #current = new AsyncLocalStorage<Ambient>();

  /** The open transaction of the calling async context, if any. */
  get(): Kysely<Database> | undefined {
    const ambient = this.#current.getStore();
    return ambient?.open ? ambient.trx : undefined;
  }

  /** Runs `work` with `trx` as the ambient transaction until it settles. */
  async run<T>(trx: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    const ambient: Ambient = { trx, open: true };
    try {
      return await this.#current.run(ambient, () => work(trx));
    } finally {
      ambient.open = false;
    }
  }
}
