import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { type Severity, severityRank } from '../../core/severity.ts';
import { StoreError } from '../errors.ts';
import type { FindingTable } from '../schema.ts';
import type { Store } from '../store.ts';

export const FINDING_STATUSES = ['new', 'open', 'fixed', 'reopened', 'waived', 'risk-accepted'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** One finding as a scan of a service reported it. */
export interface FindingUpload {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly file?: string;
  readonly line?: number;
  /** The full finding, kept as JSON for detail pages. */
  readonly data: unknown;
}

export interface StoredFinding {
  readonly id: string;
  readonly serviceId: string;
  readonly teamId: string;
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  readonly title: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
}

export interface FindingFilter {
  readonly serviceId?: string;
  readonly teamId?: string;
  readonly ruleId?: string;
  readonly severities?: readonly Severity[];
  readonly statuses?: readonly FindingStatus[];
}

export interface FindingPage {
  readonly items: StoredFinding[];
  /** Pass back as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits (18 columns each). */
const BATCH = 500;

/**
 * Findings storage: idempotent upserts keyed by (service, fingerprint), and the filtered list
 * with keyset pagination — most severe first, then by id (both descending) — served by the
 * findings_by_* indexes.
 * Lifecycle rules (fixed, reopened, waived) belong to the findings service, not here.
 */
export class FindingRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Inserts new fingerprints as `new`, refreshes `last_seen_at`/severity/title of known ones. */
  async upsert(serviceId: string, findings: readonly FindingUpload[], at: Date = new Date()): Promise<void> {
    const service = await this.#store.db
      .selectFrom('services')
      .select(['id', 'owner_team_id'])
      .where('id', '=', serviceId)
      .executeTakeFirst();
    if (!service)
      throw new StoreError(`findings upload: service ${serviceId} does not exist`, { reason: 'not-found' });
    const now = at.toISOString();
    await this.#store.transaction(async (trx) => {
      for (let start = 0; start < findings.length; start += BATCH) {
        const rows = findings.slice(start, start + BATCH).map((f) => ({
          id: randomUUID(),
          service_id: serviceId,
          team_id: service.owner_team_id,
          fingerprint: f.fingerprint,
          rule_id: f.ruleId,
          severity: f.severity,
          severity_rank: severityRank(f.severity),
          status: 'new',
          title: f.title,
          file: f.file ?? null,
          line: f.line ?? null,
          first_seen_at: now,
          last_seen_at: now,
          fixed_at: null,
          sla_due_at: null,
          data: JSON.stringify(f.data ?? null),
          created_at: now,
          updated_at: now,
        }));
        await trx
          .insertInto('findings')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['service_id', 'fingerprint']).doUpdateSet((eb) => ({
              last_seen_at: eb.ref('excluded.last_seen_at'),
              severity: eb.ref('excluded.severity'),
              severity_rank: eb.ref('excluded.severity_rank'),
              title: eb.ref('excluded.title'),
              file: eb.ref('excluded.file'),
              line: eb.ref('excluded.line'),
              data: eb.ref('excluded.data'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    });
  }

  async list(filter: FindingFilter, page: { limit: number; after?: string }): Promise<FindingPage> {
    const limit = Math.min(Math.max(1, Math.trunc(page.limit)), 1000);
    let query = this.#store.db.selectFrom('findings').selectAll();
    if (filter.serviceId !== undefined) query = query.where('service_id', '=', filter.serviceId);
    if (filter.teamId !== undefined) query = query.where('team_id', '=', filter.teamId);
    if (filter.ruleId !== undefined) query = query.where('rule_id', '=', filter.ruleId);
    if (filter.statuses?.length) query = query.where('status', 'in', [...filter.statuses]);
    if (filter.severities?.length)
      query = query.where('severity_rank', 'in', filter.severities.map(severityRank));
    if (page.after !== undefined) {
      const [rank, id] = decodeCursor(page.after);
      query = query.where((eb) =>
        eb.or([eb('severity_rank', '<', rank), eb.and([eb('severity_rank', '=', rank), eb('id', '<', id)])]),
      );
    }
    // Both keys descending: the (…, severity_rank, id) indexes are read backwards with no sort step.
    const rows = await query
      .orderBy('severity_rank', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const items = rows.slice(0, limit).map(toFinding);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last ? { items, next: encodeCursor(last.severity_rank, last.id) } : { items };
  }
}

function encodeCursor(rank: number, id: string): string {
  return Buffer.from(JSON.stringify([rank, id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && Number.isInteger(value[0]) && typeof value[1] === 'string')
      return [value[0], value[1]];
  } catch {
    // fall through
  }
  throw new StoreError(`findings list: invalid page cursor ${JSON.stringify(cursor.slice(0, 40))}`);
}

function toFinding(row: Selectable<FindingTable>): StoredFinding {
  return {
    id: row.id,
    serviceId: row.service_id,
    teamId: row.team_id,
    fingerprint: row.fingerprint,
    ruleId: row.rule_id,
    severity: row.severity as Severity,
    status: row.status as FindingStatus,
    title: row.title,
    file: row.file,
    line: row.line,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  };
}
