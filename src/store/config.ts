import { join, resolve } from 'node:path';
import { type PostgresStoreConfig, postgresConfig } from './postgres/postgres-config.ts';
import { type SqliteStoreConfig, sqliteConfigForDataDir } from './sqlite/sqlite-config.ts';

export type StoreConfig = SqliteStoreConfig | PostgresStoreConfig;

export const DEFAULT_DATA_DIR = '.rampart';

export interface StoreLocationOptions {
  /** --data DIR (else RAMPART_DATA, else ./.rampart): holds the SQLite file and local keys. */
  readonly data?: string;
  /** --database-url URL (else RAMPART_DATABASE_URL): PostgreSQL instead of SQLite. */
  readonly databaseUrl?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface ResolvedStoreLocation {
  readonly store: StoreConfig;
  /** Absolute data directory, used even with PostgreSQL for local files such as the audit signing key. */
  readonly dataDir: string;
  /** Ed25519 key that signs audit checkpoints: RAMPART_AUDIT_KEY_FILE, else <data>/audit-signing-key.pem. */
  readonly auditKeyFile: string;
}

export const AUDIT_KEY_FILE_NAME = 'audit-signing-key.pem';

/** Flags win over environment variables; without a database URL the embedded SQLite file is used. */
export function resolveStoreLocation(options: StoreLocationOptions): ResolvedStoreLocation {
  const dataDir = resolve(
    options.cwd,
    options.data ?? nonEmpty(options.env.RAMPART_DATA) ?? DEFAULT_DATA_DIR,
  );
  const url = options.databaseUrl ?? nonEmpty(options.env.RAMPART_DATABASE_URL);
  const keyFile = nonEmpty(options.env.RAMPART_AUDIT_KEY_FILE);
  return {
    dataDir,
    auditKeyFile: keyFile ? resolve(options.cwd, keyFile) : join(dataDir, AUDIT_KEY_FILE_NAME),
    store: url ? postgresConfig(url) : sqliteConfigForDataDir(dataDir, options.cwd),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
