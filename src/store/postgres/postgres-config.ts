import { StoreError } from '../errors.ts';

export interface PostgresStoreConfig {
  readonly kind: 'postgres';
  /** postgres://user:password@host:port/db?… */
  readonly url: string;
  /** Schema to use via search_path (tests use a fresh one per run); default: the server's default. */
  readonly schema?: string;
  /** Pool size (default 10). */
  readonly maxConnections?: number;
  /** First wait before the change listener reconnects (default 100 ms; tests lengthen it). */
  readonly listenerRetryDelayMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function postgresConfig(url: string, schema?: string): PostgresStoreConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError(
      'RAMPART_DATABASE_URL / --database-url: not a URL (expected postgres://user@host:5432/db)',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new StoreError(
      `RAMPART_DATABASE_URL / --database-url: unsupported scheme ${parsed.protocol} (only postgres:// is supported; SQLite is the default without a URL)`,
    );
  }
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreError(`PostgreSQL schema ${JSON.stringify(schema)}: use lowercase letters, digits and _`);
  }
  return { kind: 'postgres', url, ...(schema !== undefined ? { schema } : {}) };
}

/** The URL with any password replaced, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
