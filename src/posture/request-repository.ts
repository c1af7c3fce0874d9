import type { Severity } from '../core/severity.ts';
import type { FindingStatus } from './types.ts';

export type ExceptionKind = 'waiver' | 'risk-acceptance';
export const REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export function isRequestStatus(value: unknown): value is RequestStatus {
  return typeof value === 'string' && (REQUEST_STATUSES as readonly string[]).includes(value);
}

/** A request for an exception, as stored (docs/findings-lifecycle.md, "Requests and approval"). */
export interface ExceptionRequest {
  readonly id: string;
  readonly kind: ExceptionKind;
  readonly findingId: string;
  readonly serviceId: string;
  readonly teamId: string;
  readonly reason: string;
  readonly owner: string;
  readonly expiresAt: string | null;
  readonly status: RequestStatus;
  /** Audit actor that asked (`person:<id>` or `token:<id>`). */
  readonly requestedBy: string;
  /** The person behind `requestedBy`: nobody decides their own request, by session or by token. */
  readonly requesterPersonId: string;
  readonly requestedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionNote: string | null;
}

/** A request with what a reviewer needs to see of its finding. */
export interface ExceptionRequestView extends ExceptionRequest {
  readonly finding: {
    readonly title: string;
    readonly severity: Severity;
    readonly status: FindingStatus;
    readonly ruleId: string;
    readonly serviceName: string;
  };
}

export interface RequestFilter {
  /** undefined = every team. */
  readonly teamIds?: readonly string[];
  readonly statuses?: readonly RequestStatus[];
  readonly findingId?: string;
}

/** Storage of exception requests; implemented in src/store. */
export interface ExceptionRequestRepository {
  insert(request: ExceptionRequest): Promise<void>;
  byId(id: string): Promise<ExceptionRequest | undefined>;
  /** Pending requests of a finding. */
  pendingOf(findingId: string): Promise<ExceptionRequest[]>;
  /**
   * Moves a request from `from` to `to` in one conditional update; false when it was not in
   * `from` any more (someone decided first), so two reviewers can never both apply it.
   */
  transition(
    id: string,
    from: RequestStatus,
    to: RequestStatus,
    decision: { by: string | null; at: string | null; note: string | null },
  ): Promise<boolean>;
  /** Oldest first; `after` = the id of the last request of the previous page. */
  list(filter: RequestFilter, page: { limit: number; after?: string }): Promise<ExceptionRequestView[]>;
}
