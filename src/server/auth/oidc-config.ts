/** Federated sign-in settings (docs/idp.md). */
export interface OidcConfig {
  /** Issuer URL; its /.well-known/openid-configuration is fetched at start. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  /** Must match the IdP's registered redirect URI: <public URL>/api/auth/oidc/callback. */
  readonly redirectUri: string;
  /** Default `openid email profile`. */
  readonly scopes?: string;
  /** Claim holding groups or roles (default `groups`); dotted paths reach nested claims (`realm_access.roles`). */
  readonly roleClaim?: string;
  /**
   * Claim value → Rampart role: `admin`, or `developer@payments` for a team-scoped role (team by
   * name). Values that map to nothing are ignored; a person with no mapped role can sign in but
   * can do nothing beyond /api/me.
   */
  readonly roleMapping: Readonly<Record<string, string | readonly string[]>>;
  /** Plain-http issuers are refused unless this is set (tests and loopback IdPs only). */
  readonly allowInsecureIssuer?: boolean;
}
