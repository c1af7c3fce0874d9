import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { forwardSavepoints, WrappedConnections, withDriver } from './driver-decorator.ts';

/**
 * Counts the writes this process makes through one Kysely instance: every statement that is not
 * a plain read, and every commit or rollback. A cache that remembers the count when it reads can
 * tell, by comparing it later, that nothing was written here since (see Store.changeStamp).
 * The count moves *after* a statement returns and again after its transaction ends, so a reader
 * that saw the old count read data no newer than that count says.
 */
export class ChangeCounter {
  #value = 0;
  get value(): number {
    return this.#value;
  }
  bump(): void {
    this.#value++;
  }
}

/** `inner` with every connection's writes and every transaction's end counted by `counter`. */
export function countingDialect(inner: Dialect, counter: ChangeCounter): Dialect {
  return withDriver(inner, (driver) => countingDriver(driver, counter));
}

function countingDriver(inner: Driver, counter: ChangeCounter): Driver {
  const connections = new WrappedConnections();
  const unwrap = (c: DatabaseConnection) => connections.unwrap(c);
  const afterwards = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } finally {
      counter.bump();
    }
  };
  const driver: Driver = {
    init: () => inner.init(),
    acquireConnection: async () => {
      const connection = await inner.acquireConnection();
      return connections.add(
        {
          executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> =>
            isWrite(query)
              ? afterwards(connection.executeQuery<R>(query))
              : connection.executeQuery<R>(query),
          streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => {
            if (isWrite(query)) counter.bump();
            return connection.streamQuery<R>(query, chunkSize);
          },
        },
        connection,
      );
    },
    beginTransaction: (c: DatabaseConnection, settings: TransactionSettings) =>
      inner.beginTransaction(unwrap(c), settings),
    commitTransaction: (c) => afterwards(inner.commitTransaction(unwrap(c))),
    rollbackTransaction: (c) => afterwards(inner.rollbackTransaction(unwrap(c))),
    releaseConnection: (c) => inner.releaseConnection(unwrap(c)),
    destroy: () => inner.destroy(),
  };
  return forwardSavepoints(driver, inner, connections, afterwards);
}

/** Raw SQL that only reads; anything else (including BEGIN/COMMIT written as SQL) counts as a write. */
const READ_ONLY_RAW = /^\s*(select|pragma|explain|show)\b/i;

/** True when `query` may change data (commit-notify.ts notifies for these too). */
export function isWrite(query: CompiledQuery): boolean {
  const kind = query.query.kind;
  if (kind === 'SelectQueryNode') return false;
  if (kind === 'RawNode') return !READ_ONLY_RAW.test(query.sql);
  return true;
}
