import { ConfigError } from '../core/errors.ts';
import type { OidcConfig } from './auth/oidc-config.ts';

/**
 * OIDC settings from the environment (docs/idp.md). Undefined when RAMPART_OIDC_ISSUER is unset;
 * a half-configured IdP is an error naming the missing variable, never a silent fallback.
 */
export function oidcConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  publicUrl: string,
): OidcConfig | undefined {
  const issuer = env.RAMPART_OIDC_ISSUER?.trim();
  if (!issuer) return undefined;
  const clientId = env.RAMPART_OIDC_CLIENT_ID?.trim();
  if (!clientId) throw new ConfigError('RAMPART_OIDC_CLIENT_ID is required when RAMPART_OIDC_ISSUER is set');
  let issuerUrl: URL;
  try {
    issuerUrl = new URL(issuer);
  } catch {
    throw new ConfigError(`RAMPART_OIDC_ISSUER: '${issuer}' is not a URL`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuerUrl.hostname);
  if (issuerUrl.protocol !== 'https:' && !loopback)
    throw new ConfigError(
      `RAMPART_OIDC_ISSUER: '${issuer}' must use https (plain http only for loopback test IdPs)`,
    );
  const secret = env.RAMPART_OIDC_CLIENT_SECRET;
  const scopes = env.RAMPART_OIDC_SCOPES?.trim();
  const roleClaim = env.RAMPART_OIDC_ROLE_CLAIM?.trim();
  return {
    issuer,
    clientId,
    ...(secret ? { clientSecret: secret } : {}),
    redirectUri: env.RAMPART_OIDC_REDIRECT_URI?.trim() || `${publicUrl}/api/auth/oidc/callback`,
    ...(scopes ? { scopes } : {}),
    ...(roleClaim ? { roleClaim } : {}),
    roleMapping: parseRoleMap(env.RAMPART_OIDC_ROLE_MAP ?? ''),
    allowInsecureIssuer: issuerUrl.protocol === 'http:' && loopback,
  };
}

/**
 * `group=role` pairs separated by commas or newlines (`rampart-admins=admin,payments-devs=developer@payments`),
 * or a JSON object `{"group": "role" | ["role", …]}`.
 */
export function parseRoleMap(text: string): Record<string, string | string[]> {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new ConfigError(`RAMPART_OIDC_ROLE_MAP: invalid JSON (${(error as Error).message})`);
    }
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))
        out[k] = v as string | string[];
      else throw new ConfigError(`RAMPART_OIDC_ROLE_MAP: value of '${k}' must be a role or a list of roles`);
    }
    return out;
  }
  const out: Record<string, string[]> = {};
  for (const pair of trimmed
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = pair.lastIndexOf('=');
    if (eq <= 0 || eq === pair.length - 1)
      throw new ConfigError(`RAMPART_OIDC_ROLE_MAP: '${pair}' is not group=role`);
    const key = pair.slice(0, eq).trim();
    const roles = out[key] ?? [];
    roles.push(pair.slice(eq + 1).trim());
    out[key] = roles;
  }
  return out;
}
