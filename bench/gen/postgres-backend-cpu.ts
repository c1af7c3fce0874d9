import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { DEFAULT_MAX_CONNECTIONS } from '../../src/store/postgres/postgres-dialect.ts';
import type { Store } from '../../src/store/store.ts';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ, fixed at 100 on every arch). */
const MS_PER_TICK = 10;

/**
 * The CPU time PostgreSQL spends serving one store's pool, read from /proc — only where the
 * server runs on this machine (the benches' 127.0.0.1). Server CPU per request otherwise counts
 * only the Node process, and a change that moves work into SQL (JSON built by the database) or
 * out of it (prepared statements) must show on both sides. Other sessions' backends are not
 * counted: only the pool's own connections, found by holding them all at once.
 */
export class PostgresBackendCpu {
  readonly #pids: readonly number[];

  private constructor(pids: readonly number[]) {
    this.#pids = pids;
  }

  /** Undefined when /proc does not show the backends (a remote server, another OS). */
  static async of(store: Store, poolSize = DEFAULT_MAX_CONNECTIONS): Promise<PostgresBackendCpu | undefined> {
    // Each query holds its connection for 100 ms, so `poolSize` of them run on distinct connections.
    const rows = await Promise.all(
      Array.from(
        { length: poolSize },
        async () =>
          (await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.1)`.execute(store.db)).rows,
      ),
    );
    const pids = [...new Set(rows.flat().map((r) => Number(r.pid)))];
    const meter = new PostgresBackendCpu(pids);
    return meter.ms() === undefined ? undefined : meter;
  }

  /** CPU milliseconds used so far by the pool's backends (user + system). */
  ms(): number | undefined {
    let total = 0;
    for (const pid of this.#pids) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        return undefined;
      }
      // Fields after the command name (which may contain spaces): utime and stime are 14th and 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
    }
    return total;
  }
}
