import type { AuditSink } from '../../catalog/accounts.ts';
import type { Principal } from '../../catalog/principal.ts';

export interface FailedSignInAuditOptions {
  /** At most one entry per client address and email per window (default 60 s). */
  readonly windowMs?: number;
  /** Distinct (address, email) pairs tracked at once; beyond it the oldest are forgotten (default 10,000). */
  readonly maxKeys?: number;
  readonly now?: () => number;
}

/**
 * Records failed sign-ins in the audit log without saying which part was wrong (unknown email and
 * wrong password look the same, and the password is never recorded). Throttled per client address
 * and email: a password-guessing run cannot flood the hash chain, yet the attempts it makes are
 * still counted — the next entry after a window carries how many were folded into it.
 */
export class FailedSignInAudit {
  readonly #audit: Pick<AuditSink, 'append'>;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  /** key → start of its window and attempts not yet written. Map order = insertion order (oldest first). */
  readonly #windows = new Map<string, { start: number; folded: number }>();

  constructor(audit: Pick<AuditSink, 'append'>, options: FailedSignInAuditOptions = {}) {
    this.#audit = audit;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#maxKeys = options.maxKeys ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** True when an entry was written, false when the attempt was folded into the next one. */
  async record(email: string, ip: string, method: 'password' = 'password'): Promise<boolean> {
    const key = `${ip}\u0000${email.toLowerCase()}`;
    const now = this.#now();
    const window = this.#windows.get(key);
    if (window && now - window.start < this.#windowMs) {
      window.folded++;
      return false;
    }
    const folded = window?.folded ?? 0;
    this.#windows.delete(key);
    this.#windows.set(key, { start: now, folded: 0 });
    if (this.#windows.size > this.#maxKeys) {
      const oldest = this.#windows.keys().next().value;
      if (oldest !== undefined) this.#windows.delete(oldest);
    }
    await this.#audit.append({
      actor: 'anonymous',
      action: 'auth.sign-in.failed',
      target: '',
      details: { email: email.toLowerCase(), ip, method, ...(folded > 0 ? { earlierAttempts: folded } : {}) },
    });
    return true;
  }
}

/** Records that an API token was used for a state-changing request (token id, route, method). */
export async function auditTokenWrite(
  audit: Pick<AuditSink, 'append'>,
  principal: Principal,
  request: { readonly method: string; readonly route: string; readonly ip: string },
  outcome: 'allowed' | 'denied',
): Promise<void> {
  await audit.append({
    actor: `token:${principal.tokenId}`,
    action: 'auth.token.use',
    target: `token:${principal.tokenId}`,
    details: {
      method: request.method,
      route: request.route,
      personId: principal.personId,
      ip: request.ip,
      outcome,
    },
  });
}
