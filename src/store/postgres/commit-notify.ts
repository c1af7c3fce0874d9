import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { isWrite } from '../change-stamp.ts';
import { forwardSavepoints, WrappedConnections, withDriver } from '../driver-decorator.ts';

/**
 * The channel every Rampart process sharing one schema notifies and listens on. Computed by the
 * database in the writer's session, so writer and listener agree without passing the schema
 * around; md5 keeps it within PostgreSQL's 63-byte channel names whatever the schema is called.
 */
export const CHANGE_CHANNEL_SQL = `'rampart_' || md5(current_schema())`;

const NOTIFY = CompiledQuery.raw(`select pg_notify(${CHANGE_CHANNEL_SQL}, '')`);

interface ConnectionState {
  inTransaction: boolean;
  /** A write ran in the open transaction: its commit must notify. */
  wrote: boolean;
}

/**
 * `inner` (PostgreSQL) with every committed write announced on the change channel, so other
 * server processes drop what they cached (change-listener.ts). Inside a transaction the
 * notification is queued just before COMMIT — PostgreSQL delivers it only if the commit succeeds,
 * and folds duplicates — and a write outside any transaction (autocommit) is followed by one.
 * Reads and read-only transactions notify nothing.
 */
export function notifyingDialect(inner: Dialect): Dialect {
  return withDriver(inner, notifyingDriver);
}

function notifyingDriver(inner: Driver): Driver {
  const connections = new WrappedConnections();
  const stateOf = new WeakMap<DatabaseConnection, ConnectionState>();
  const unwrap = (c: DatabaseConnection) => connections.unwrap(c);
  const state = (c: DatabaseConnection): ConnectionState => {
    let s = stateOf.get(c);
    if (s === undefined) {
      s = { inTransaction: false, wrote: false };
      stateOf.set(c, s);
    }
    return s;
  };
  /**
   * True when `query` on `c` must be followed by its own notification: a write outside any
   * transaction. A write inside one only marks the transaction, whose commit notifies.
   */
  const notifiesItself = (c: DatabaseConnection, query: CompiledQuery): boolean => {
    if (!isWrite(query)) return false;
    const s = state(c);
    if (!s.inTransaction) return true;
    s.wrote = true;
    return false;
  };
  const driver: Driver = {
    init: () => inner.init(),
    acquireConnection: async () => {
      const connection = await inner.acquireConnection();
      const wrapped: DatabaseConnection = {
        executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
          if (!notifiesItself(wrapped, query)) return connection.executeQuery<R>(query);
          const result = await connection.executeQuery<R>(query);
          await connection.executeQuery(NOTIFY);
          return result;
        },
        streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => {
          const rows = connection.streamQuery<R>(query, chunkSize);
          return notifiesItself(wrapped, query) ? notifyAfter(connection, rows) : rows;
        },
      };
      return connections.add(wrapped, connection);
    },
    beginTransaction: async (c: DatabaseConnection, settings: TransactionSettings) => {
      await inner.beginTransaction(unwrap(c), settings);
      const s = state(c);
      s.inTransaction = true;
      s.wrote = false;
    },
    commitTransaction: async (c) => {
      const s = state(c);
      try {
        if (s.wrote) await unwrap(c).executeQuery(NOTIFY);
        await inner.commitTransaction(unwrap(c));
      } finally {
        s.inTransaction = false;
        s.wrote = false;
      }
    },
    rollbackTransaction: async (c) => {
      const s = state(c);
      try {
        await inner.rollbackTransaction(unwrap(c));
      } finally {
        s.inTransaction = false;
        s.wrote = false;
      }
    },
    releaseConnection: (c) => inner.releaseConnection(unwrap(c)),
    destroy: () => inner.destroy(),
  };
  // Savepoints live inside a transaction: its commit (or rollback) decides, as above.
  return forwardSavepoints(driver, inner, connections);
}

async function* notifyAfter<R>(
  connection: DatabaseConnection,
  rows: AsyncIterableIterator<QueryResult<R>>,
): AsyncIterableIterator<QueryResult<R>> {
  yield* rows;
  await connection.executeQuery(NOTIFY);
}
