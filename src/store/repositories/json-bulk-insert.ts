import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DialectName } from '../dialect.ts';

export type BulkColumnType = 'text' | 'integer';

/**
 * INSERT … SELECT with the rows in a few bound values — PostgreSQL: one array per column zipped
 * by `unnest`; SQLite: one JSON array read with `json_each` — so a 10,000-row write is one
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
  if (dialect === 'postgres') {
    // One array parameter per column, zipped back into rows by unnest(): no per-row JSON work.
    const arrays = sql.join(
      columns.map(
        ([name, type]) =>
          sql`${rows.map((r) => r[name] ?? null)}::${sql.raw(type === 'integer' ? 'bigint' : 'text')}[]`,
      ),
    );
    await sql`insert into ${sql.table(table)} (${names}) select * from unnest(${arrays}) ${conflict}`.execute(
      db,
    );
    return;
  }
  const json = JSON.stringify(rows.map((r) => columns.map(([name]) => r[name] ?? null)));
  const picks = sql.join(columns.map((_, i) => sql`json_extract(j.value, ${sql.lit(`$[${i}]`)})`));
  // `where true` tells SQLite's parser the ON CONFLICT belongs to the INSERT, not the SELECT.
  await sql`insert into ${sql.table(table)} (${names}) select ${picks} from json_each(${json}) as j where true ${conflict}`.execute(
    db,
  );
}
