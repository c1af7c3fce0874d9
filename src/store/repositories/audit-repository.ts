import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { JsonObject } from '../../audit/canonical.ts';
import { canonicalJson } from '../../audit/canonical.ts';
import type { AuditRecord, Checkpoint } from '../../audit/entry.ts';
import type { AuditChainWriter, AuditRepository } from '../../audit/repository.ts';
import type { AuditCheckpointTable, AuditLogTable, Database } from '../schema.ts';
import type { Store } from '../store.ts';

const CHAIN_LOCK = 'audit-chain';

export interface AuditSearchFilter {
  readonly actor?: string;
  readonly target?: string;
  /** Exact action, or every action starting with `actionPrefix` (e.g. `finding.`). */
  readonly action?: string;
  readonly actionPrefix?: string;
  /** ISO 8601 bounds on `at`, inclusive. */
  readonly from?: string;
  readonly to?: string;
}
const MAX_ATTEMPTS = 5;

/** The audit chain in the `audit_log` and `audit_checkpoints` tables (src/audit/repository.ts). */
export class StoreAuditRepository implements AuditRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * The lock makes seq collisions impossible under the default isolation levels; if a database is
   * configured otherwise (e.g. REPEATABLE READ snapshots taken before the lock), the primary key
   * on seq turns the race into a unique violation, and the rolled-back append is retried.
   * Inside a caller's transaction (AuditLog.transaction) the lock joins it and is held to its
   * commit; a violation there fails that transaction, which the caller sees.
   */
  async withChainLock<T>(work: (chain: AuditChainWriter) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#store.withExclusiveLock(CHAIN_LOCK, (trx) => work(chainWriter(trx)));
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !this.#store.isUniqueViolation(error)) throw error;
      }
    }
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.#store.transaction(() => work());
  }

  async listEntries(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    const rows = await this.#store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  /**
   * The audit viewer: newest first, optionally one actor, target, action (or prefix) and time range, paged by seq
   * (`beforeSeq` = the last seq of the previous page). Served by audit_log_actor/_target.
   */
  async search(
    filter: AuditSearchFilter,
    page: { limit: number; beforeSeq?: number },
  ): Promise<AuditRecord[]> {
    let query = this.#store.db.selectFrom('audit_log').selectAll();
    if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
    if (filter.target !== undefined) query = query.where('target', '=', filter.target);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    // substr, not LIKE: no escaping of % and _, case-sensitive on both dialects (SQLite's LIKE is not).
    if (filter.actionPrefix !== undefined)
      query = query.where(
        sql<string>`substr(action, 1, ${filter.actionPrefix.length})`,
        '=',
        filter.actionPrefix,
      );
    // `at` never goes backwards along seq, so a time range is a contiguous run of seqs: found by
    // binary search over the primary key, it bounds the scan (there is no index on `at`).
    if (filter.from !== undefined) {
      const first = await this.#firstSeqAtOrAfter(filter.from);
      if (first === undefined) return [];
      query = query.where('seq', '>=', first).where('at', '>=', filter.from);
    }
    if (filter.to !== undefined) {
      const last = await this.#lastSeqAtOrBefore(filter.to);
      if (last === undefined) return [];
      query = query.where('seq', '<=', last).where('at', '<=', filter.to);
    }
    if (page.beforeSeq !== undefined) query = query.where('seq', '<', page.beforeSeq);
    const limit = Math.min(Math.max(1, Math.trunc(page.limit)), 1000);
    return (await query.orderBy('seq', 'desc').limit(limit).execute()).map(toRecord);
  }

  /**
   * The lowest seq whose `at` is ≥ `at`: a binary search over x for the first row with seq ≥ x
   * (whose `at` never decreases as x grows, also across seq gaps), run inside the database as a
   * recursive query, so it costs one round trip, not one per step.
   */
  async #firstSeqAtOrAfter(at: string): Promise<number | undefined> {
    const probe = (x: RawBuilder<unknown>) =>
      sql`(select a.at from audit_log a where a.seq >= ${x} order by a.seq limit 1)`;
    const mid = sql`((b.lo + b.hi) / 2)`;
    const { rows } = await sql<{ lo: number | string }>`
      with recursive b(lo, hi) as (
        select cast(1 as bigint), (select max(seq) from audit_log)
        union all
        select case when ${probe(mid)} >= ${at} then b.lo else ${mid} + 1 end,
               case when ${probe(mid)} >= ${at} then ${mid} else b.hi end
        from b where b.lo < b.hi
      )
      select lo from b where b.lo >= b.hi`.execute(this.#store.db);
    const lo = rows[0]?.lo;
    if (lo === undefined || lo === null) return undefined;
    const row = await this.#store.db
      .selectFrom('audit_log')
      .select(['seq', 'at'])
      .where('seq', '>=', Number(lo))
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    return row && row.at >= at ? Number(row.seq) : undefined;
  }

  /** The highest seq whose `at` is ≤ `at` (the same search from the other end). */
  async #lastSeqAtOrBefore(at: string): Promise<number | undefined> {
    const probe = (x: RawBuilder<unknown>) =>
      sql`(select a.at from audit_log a where a.seq <= ${x} order by a.seq desc limit 1)`;
    const mid = sql`((b.lo + b.hi + 1) / 2)`;
    const { rows } = await sql<{ lo: number | string }>`
      with recursive b(lo, hi) as (
        select (select min(seq) from audit_log), (select max(seq) from audit_log)
        union all
        select case when ${probe(mid)} <= ${at} then ${mid} else b.lo end,
               case when ${probe(mid)} <= ${at} then b.hi else ${mid} - 1 end
        from b where b.lo < b.hi
      )
      select lo from b where b.lo >= b.hi`.execute(this.#store.db);
    const lo = rows[0]?.lo;
    if (lo === undefined || lo === null) return undefined;
    const row = await this.#store.db
      .selectFrom('audit_log')
      .select(['seq', 'at'])
      .where('seq', '<=', Number(lo))
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && row.at <= at ? Number(row.seq) : undefined;
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    const rows = await this.#store.db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute();
    return rows.map(toCheckpoint);
  }
}

function chainWriter(trx: Kysely<Database>): AuditChainWriter {
  return {
    head: async () => {
      const row = await trx
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    lastCheckpoint: async () => {
      const row = await trx
        .selectFrom('audit_checkpoints')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toCheckpoint(row);
    },
    insertEntry: async (r) => {
      await trx
        .insertInto('audit_log')
        .values({
          seq: r.seq,
          at: r.at,
          actor: r.actor,
          action: r.action,
          target: r.target,
          details: canonicalJson(r.details),
          hash: r.hash,
        })
        .execute();
    },
    insertCheckpoint: async (c) => {
      await trx
        .insertInto('audit_checkpoints')
        .values({
          seq: c.seq,
          hash: c.hash,
          at: c.at,
          key_id: c.keyId,
          public_key: c.publicKey,
          signature: c.signature,
        })
        .execute();
    },
  };
}

function toRecord(row: Selectable<AuditLogTable>): AuditRecord {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: parseDetails(row.details),
    hash: row.hash,
  };
}

/**
 * A details column that is not a JSON object (someone edited the row) must not crash the
 * verifier: it becomes a value whose hash cannot match, so verification reports that seq.
 */
function parseDetails(text: string): JsonObject {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as JsonObject;
  } catch {
    // fall through
  }
  return { unreadableDetails: text };
}

function toCheckpoint(row: Selectable<AuditCheckpointTable>): Checkpoint {
  return {
    seq: Number(row.seq),
    hash: row.hash,
    at: row.at,
    keyId: row.key_id,
    publicKey: row.public_key,
    signature: row.signature,
  };
}
