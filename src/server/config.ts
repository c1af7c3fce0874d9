import type { Severity } from '../core/severity.ts';
import type { OidcConfig } from './auth/oidc-config.ts';

/** Server settings beyond storage; every field has a safe default. */
export interface ServerConfig {
  /** Largest accepted request body in bytes (default 1 MiB); larger → 413. */
  readonly bodyLimit?: number;
  /** Sign-in, bootstrap and token endpoints: at most `max` requests per client per window (default 10 per minute). */
  readonly authRateLimit?: { readonly max: number; readonly timeWindowMs: number };
  /** Federated sign-in; when set, no bootstrap link is offered. */
  readonly oidc?: OidcConfig;
  /** Secret that signs short-lived cookies (OIDC state); random per process when omitted. */
  readonly cookieSecret?: string;
  /** Behind a reverse proxy: trust X-Forwarded-* (for client IPs in rate limits and logs). */
  readonly trustProxy?: boolean;
  /** Days to fix per severity (docs/findings-lifecycle.md); unset severities keep the defaults. */
  readonly sla?: Partial<Record<Severity, number | null>>;
  /** Folder of the built web UI (web/dist) to serve at `/`; unset = API only (docs/ui.md). */
  readonly webRoot?: string;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_AUTH_RATE_LIMIT = { max: 10, timeWindowMs: 60_000 } as const;
