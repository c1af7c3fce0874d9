import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DialectName } from '../dialect.ts';

export type BulkColumnType = 'text' | 'integer';

/**
 * INSERT … SELECT with the rows in one bound value — a JSON array of row arrays, read with
 * `jsonb_array_elements` (PostgreSQL) or `json_each` (SQLite) — so a 10,000-row write is one
 * statement with no per-value query building or parameter-limit batching. Column names are code
 * constants, never input. `conflict` is appended verbatim (an ON CONFLICT clause or nothing).
 */
export async function jsonBulkInsert(
  db: Kysely<never>,
  dialect: DialectName,
  table: string,
  columns: ReadonlyArray<readonly [string, BulkColumnType]>,
  rows: ReadonlyArray<Readonly<Record<string, string | number | null>>>,
  conflict: RawBuilder<unknown> = sql``,
): Promise<void> {
  if (rows.length === 0) return;
  const names = sql.join(columns.map(([name]) => sql.ref(name)));
  const json = JSON.stringify(rows.map((r) => columns.map(([name]) => r[name] ?? null)));
  if (dialect === 'postgres') {
    // One jsonb parameter: JSON.stringify is native code, where node-postgres escapes every
    // element of array parameters in JavaScript (a quarter of a second for a 10,000-finding
    // upload's findings and events, bench/upload.ts profile); PostgreSQL parses jsonb in C.
    const picks = sql.join(
      columns.map(
        ([, type], i) => sql`(j.value->>${sql.lit(i)})::${sql.raw(type === 'integer' ? 'bigint' : 'text')}`,
      ),
    );
    await sql`insert into ${sql.table(table)} (${names}) select ${picks} from jsonb_array_elements(${json}::jsonb) as j ${conflict}`.execute(
      db,
    );
    return;
  }
  const picks = sql.join(columns.map((_, i) => sql`json_extract(j.value, ${sql.lit(`$[${i}]`)})`));
  // `where true` tells SQLite's parser the ON CONFLICT belongs to the INSERT, not the SELECT.
  await sql`insert into ${sql.table(table)} (${names}) select ${picks} from json_each(${json}) as j where true ${conflict}`.execute(
    db,
  );
}
