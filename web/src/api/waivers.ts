// Client for exception requests, risk acceptance and bulk waive (docs/findings-lifecycle.md).
import { call, type Severity, type Status } from '../api.ts';

export type ExceptionKind = 'waiver' | 'risk-acceptance';
export type RequestStatus = 'pending' | 'approved' | 'rejected';

export interface ExceptionRequest {
  readonly id: string;
  readonly kind: ExceptionKind;
  readonly findingId: string;
  readonly teamId: string;
  readonly reason: string;
  readonly owner: string;
  readonly expiresAt: string | null;
  readonly status: RequestStatus;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionNote: string | null;
  /** The caller may approve or reject it now. */
  readonly canDecide: boolean;
}

export interface ListedRequest extends ExceptionRequest {
  readonly finding: {
    readonly title: string;
    readonly severity: Severity;
    readonly status: Status;
    readonly ruleId: string;
    readonly serviceName: string;
  };
}

export interface RequestPage {
  readonly items: readonly ListedRequest[];
  readonly next?: string;
}

const enc = encodeURIComponent;

export const waiversApi = {
  request: (
    findingId: string,
    body: { kind: ExceptionKind; reason: string; owner?: string; expiresAt?: string },
  ) => call<ExceptionRequest>('POST', `/api/findings/${enc(findingId)}/requests`, body),
  ofFinding: (findingId: string) => call<RequestPage>('GET', `/api/findings/${enc(findingId)}/requests`),
  queue(status: string, after?: string): Promise<RequestPage> {
    const q = new URLSearchParams({ status, limit: '50' });
    if (after) q.set('after', after);
    return call<RequestPage>('GET', `/api/exception-requests?${q}`);
  },
  approve: (id: string, note?: string) =>
    call<ExceptionRequest>('POST', `/api/exception-requests/${enc(id)}/approve`, note ? { note } : {}),
  reject: (id: string, note: string) =>
    call<ExceptionRequest>('POST', `/api/exception-requests/${enc(id)}/reject`, { note }),
  acceptRisk: (findingId: string, body: { reason: string; expiresAt?: string }) =>
    call<{ changed: string[] }>('POST', `/api/findings/${enc(findingId)}/accept-risk`, body),
  bulkWaive: (body: { ids: readonly string[]; reason: string; owner?: string; expiresAt: string }) =>
    call<{ changed: string[] }>('POST', '/api/findings/bulk-waive', body),
};

/** yyyy-mm-dd `days` from now (form defaults and bounds: exceptions last ≤ 366 days). */
export function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** End of the chosen day (UTC), so "until 2027-01-31" includes that day. */
export function endOfDay(day: string): string {
  return `${day}T23:59:59Z`;
}
