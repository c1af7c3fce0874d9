import type { Kysely } from 'kysely';
import type { Severity } from '../../core/severity.ts';
import type {
  ExceptionKind,
  ExceptionRequest,
  ExceptionRequestRepository,
  ExceptionRequestView,
  RequestFilter,
  RequestStatus,
} from '../../posture/request-repository.ts';
import type { FindingStatus } from '../../posture/types.ts';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';

/** Migration 0006-waiver-requests, typed for this repository only (`db.withTables`). */
type RequestTables = {
  waiver_requests: {
    id: string;
    kind: string;
    finding_id: string;
    service_id: string;
    team_id: string;
    reason: string;
    owner: string;
    expires_at: string | null;
    status: string;
    requested_by: string;
    requester_person_id: string;
    requested_at: string;
    decided_by: string | null;
    decided_at: string | null;
    decision_note: string | null;
  };
};
type Row = RequestTables['waiver_requests'];

/** Exception requests in the `waiver_requests` table (src/posture/request-repository.ts). */
export class StoreExceptionRequestRepository implements ExceptionRequestRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Read per call, so a caller's open transaction (Store.transaction) is joined. */
  get #db(): Kysely<Database & RequestTables> {
    return this.#store.db.withTables<RequestTables>();
  }

  async insert(r: ExceptionRequest): Promise<void> {
    await this.#db
      .insertInto('waiver_requests')
      .values({
        id: r.id,
        kind: r.kind,
        finding_id: r.findingId,
        service_id: r.serviceId,
        team_id: r.teamId,
        reason: r.reason,
        owner: r.owner,
        expires_at: r.expiresAt,
        status: r.status,
        requested_by: r.requestedBy,
        requester_person_id: r.requesterPersonId,
        requested_at: r.requestedAt,
        decided_by: r.decidedBy,
        decided_at: r.decidedAt,
        decision_note: r.decisionNote,
      })
      .execute();
  }

  async byId(id: string): Promise<ExceptionRequest | undefined> {
    const row = await this.#db
      .selectFrom('waiver_requests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRequest(row);
  }

  async pendingOf(findingId: string): Promise<ExceptionRequest[]> {
    const rows = await this.#db
      .selectFrom('waiver_requests')
      .selectAll()
      .where('finding_id', '=', findingId)
      .where('status', '=', 'pending')
      .execute();
    return rows.map(toRequest);
  }

  transition(
    id: string,
    from: RequestStatus,
    to: RequestStatus,
    decision: { by: string | null; at: string | null; note: string | null },
  ): Promise<boolean> {
    return transitionRequest(this.#db, id, from, to, decision);
  }

  async list(
    filter: RequestFilter,
    page: { limit: number; after?: string },
  ): Promise<ExceptionRequestView[]> {
    let query = this.#db
      .selectFrom('waiver_requests as r')
      .innerJoin('findings as f', 'f.id', 'r.finding_id')
      .innerJoin('services as s', 's.id', 'r.service_id')
      .selectAll('r')
      .select([
        'f.title as f_title',
        'f.severity as f_severity',
        'f.status as f_status',
        'f.rule_id as f_rule_id',
        's.name as s_name',
      ]);
    if (filter.teamIds !== undefined) {
      if (filter.teamIds.length === 0) return [];
      query = query.where('r.team_id', 'in', [...filter.teamIds]);
    }
    if (filter.statuses !== undefined && filter.statuses.length > 0)
      query = query.where('r.status', 'in', [...filter.statuses]);
    if (filter.findingId !== undefined) query = query.where('r.finding_id', '=', filter.findingId);
    if (page.after !== undefined) {
      const after = await this.#db
        .selectFrom('waiver_requests')
        .select(['requested_at', 'id'])
        .where('id', '=', page.after)
        .executeTakeFirst();
      if (!after) return [];
      query = query.where((eb) =>
        eb.or([
          eb('r.requested_at', '>', after.requested_at),
          eb.and([eb('r.requested_at', '=', after.requested_at), eb('r.id', '>', after.id)]),
        ]),
      );
    }
    const rows = await query.orderBy('r.requested_at').orderBy('r.id').limit(page.limit).execute();
    return rows.map((row) => ({
      ...toRequest(row),
      finding: {
        title: row.f_title,
        severity: row.f_severity as Severity,
        status: row.f_status as FindingStatus,
        ruleId: row.f_rule_id,
        serviceName: row.s_name,
      },
    }));
  }
}

/**
 * The conditional status update behind ExceptionRequestRepository.transition; `db` may be a
 * transaction (ServiceTransaction.transitionRequest), so an approval commits with its waiver.
 */
export async function transitionRequest(
  db: Kysely<Database>,
  id: string,
  from: RequestStatus,
  to: RequestStatus,
  decision: { by: string | null; at: string | null; note: string | null },
): Promise<boolean> {
  const result = await db
    .withTables<RequestTables>()
    .updateTable('waiver_requests')
    .set({ status: to, decided_by: decision.by, decided_at: decision.at, decision_note: decision.note })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function toRequest(row: Row): ExceptionRequest {
  return {
    id: row.id,
    kind: row.kind as ExceptionKind,
    findingId: row.finding_id,
    serviceId: row.service_id,
    teamId: row.team_id,
    reason: row.reason,
    owner: row.owner,
    expiresAt: row.expires_at,
    status: row.status as RequestStatus,
    requestedBy: row.requested_by,
    requesterPersonId: row.requester_person_id,
    requestedAt: row.requested_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
  };
}
