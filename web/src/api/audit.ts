// Client for the audit log viewer API (docs/audit.md, "Reading the log over HTTP").
import { call } from '../api.ts';

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly hash: string;
}

export interface AuditPage {
  readonly items: readonly AuditEntry[];
  /** Pass as `before` for the next (older) page. */
  readonly next?: number;
}

export interface AuditFilter {
  /** Exact action, or a prefix ending in `*`. */
  readonly action?: string;
  readonly actor?: string;
  readonly target?: string;
  /** yyyy-mm-dd or ISO 8601, inclusive. */
  readonly from?: string;
  readonly to?: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly checkedAt: string;
  readonly entries: number;
  readonly checkpoints: number;
  readonly headSeq: number;
  readonly signedThrough: number;
  readonly unsigned: number;
  readonly pinned: boolean;
  readonly keyIds: readonly string[];
  readonly lastCheckpoint: { readonly seq: number; readonly at: string; readonly keyId: string } | null;
  readonly problem?: { readonly seq: number; readonly kind: string; readonly reason: string };
}

export const auditApi = {
  entries(filter: AuditFilter, before?: number, limit = 50): Promise<AuditPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    for (const [k, v] of Object.entries(filter)) if (typeof v === 'string' && v.trim()) q.set(k, v.trim());
    if (before !== undefined) q.set('before', String(before));
    return call<AuditPage>('GET', `/api/audit?${q}`);
  },
  /** `fresh`: verify now; otherwise the server may answer with a report up to a minute old. */
  verify: (fresh = false) => call<AuditVerification>('GET', `/api/audit/verify${fresh ? '?fresh=true' : ''}`),
};
