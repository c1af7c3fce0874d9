// Thin client for the control plane API (docs/server.md, docs/findings-lifecycle.md).
// Sessions ride on the HttpOnly cookie; state changes echo the readable CSRF cookie in a header.

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type Status = 'new' | 'open' | 'fixed' | 'reopened' | 'waived' | 'risk-accepted';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const STATUSES: readonly Status[] = ['new', 'open', 'reopened', 'waived', 'risk-accepted', 'fixed'];

export interface Me {
  readonly email: string;
  readonly displayName?: string;
  readonly permissions?: readonly string[];
}

export interface Finding {
  readonly id: string;
  readonly serviceName: string;
  /** The owning team's id (team-scoped roles decide what the caller may do with it). */
  readonly teamId?: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly status: Status;
  readonly title: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly firstSeenAt: string;
  readonly slaDueAt: string | null;
  readonly overdue: boolean;
}

export interface FindingException {
  readonly id: string;
  readonly kind: string;
  readonly reason: string;
  readonly owner: string;
  readonly status: string;
  readonly expiresAt: string | null;
}

export interface FindingDetail extends Finding {
  readonly message: string | null;
  readonly why: string | null;
  readonly fix: string | null;
  readonly references: readonly string[];
  readonly frameworks: Readonly<Record<string, readonly string[]>>;
  readonly exceptions: readonly FindingException[];
}

export interface Page {
  readonly items: readonly Finding[];
  readonly next?: string;
}

export interface Filters {
  readonly severity: string;
  readonly status: string;
  readonly service: string;
  /** Team id (dashboard links). */
  readonly team?: string;
  readonly rule?: string;
  readonly framework?: string;
  readonly overdue?: boolean;
}

/** Error from the API's one error shape `{code, message}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function csrfToken(): string {
  const match = /(?:^|;\s*)rampart_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1] ?? '') : '';
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : {};
  if (!res.ok) {
    const err = data as { code?: string; message?: string };
    throw new ApiError(res.status, err.code ?? 'E_UNKNOWN', err.message ?? `HTTP ${res.status}`);
  }
  return data as T;
}

export const api = {
  me: () => call<Me>('GET', '/api/me'),
  signIn: (email: string, password: string) =>
    call<{ me: Me }>('POST', '/api/auth/sign-in', { email, password }),
  signOut: () => call<unknown>('POST', '/api/auth/sign-out'),
  findings(filters: Filters, after?: string, limit = 25): Promise<Page> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (filters.severity) q.set('severity', filters.severity);
    if (filters.status) q.set('status', filters.status);
    if (filters.service.trim()) q.set('service', filters.service.trim());
    if (filters.team) q.set('team', filters.team);
    if (filters.rule) q.set('rule', filters.rule);
    if (filters.framework) q.set('framework', filters.framework);
    if (filters.overdue) q.set('overdue', 'true');
    if (after) q.set('after', after);
    return call<Page>('GET', `/api/findings?${q}`);
  },
  finding: (id: string) => call<FindingDetail>('GET', `/api/findings/${encodeURIComponent(id)}`),
  waive: (id: string, body: { reason: string; owner?: string; expiresAt: string }) =>
    call<unknown>('POST', `/api/findings/${encodeURIComponent(id)}/waive`, body),
};

/** What a failed call or action says to the user. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
