/**
 * Pieces for Kysely driver decorators (change-stamp.ts counts writes, postgres/commit-notify.ts
 * announces commits): Kysely hands the decorator's connection objects back to the driver, which
 * needs its own, and savepoints must reach the inner driver too.
 */
import type { DatabaseConnection, Dialect, Driver, QueryCompiler } from 'kysely';

/** `inner` with its driver replaced by `decorate(inner's driver)`. */
export function withDriver(inner: Dialect, decorate: (driver: Driver) => Driver): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver: () => decorate(inner.createDriver()),
  };
}

/** Which inner connection each decorated one stands for. */
export class WrappedConnections {
  readonly #innerOf = new WeakMap<DatabaseConnection, DatabaseConnection>();
  add(wrapped: DatabaseConnection, inner: DatabaseConnection): DatabaseConnection {
    this.#innerOf.set(wrapped, inner);
    return wrapped;
  }
  unwrap(c: DatabaseConnection): DatabaseConnection {
    return this.#innerOf.get(c) ?? c;
  }
}

/** `driver` passes savepoints to `inner` on the unwrapped connection, through `around`. */
export function forwardSavepoints(
  driver: Driver,
  inner: Driver,
  connections: WrappedConnections,
  around: <T>(work: Promise<T>) => Promise<T> = (work) => work,
): Driver {
  for (const name of ['savepoint', 'rollbackToSavepoint', 'releaseSavepoint'] as const) {
    const method = inner[name]?.bind(inner);
    if (method)
      driver[name] = (c: DatabaseConnection, savepoint: string, compile: QueryCompiler['compileQuery']) =>
        around(method(connections.unwrap(c), savepoint, compile));
  }
  return driver;
}
