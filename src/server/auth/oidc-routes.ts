import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import type { AccountService } from '../../catalog/accounts.ts';
import type { Store } from '../../store/store.ts';
import { HttpError, unauthenticated } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import { setSessionCookies } from './cookies.ts';
import type { OidcConfig } from './oidc-config.ts';
import { grantsFromClaims } from './oidc-roles.ts';
import { PUBLIC } from './route-auth.ts';

const FLOW_COOKIE = 'rampart_oidc';
const FLOW_PATH = '/api/auth/oidc';
const FLOW_TTL_S = 600;

interface Flow {
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
}

/**
 * Authorization code + PKCE. The verifier, state and nonce travel in a signed HttpOnly cookie
 * scoped to the callback path, so any replica can finish a flow another started.
 */
export async function oidcRoutes(
  app: FastifyInstance,
  options: {
    accounts: AccountService;
    store: Store;
    oidc: OidcConfig;
    rateLimit: { max: number; timeWindow: number };
  },
): Promise<void> {
  const { accounts, store, rateLimit } = options;
  const settings = options.oidc;
  let discovered: Promise<oidc.Configuration> | undefined;
  // Discovered on first use (not at start), so the server runs while the IdP is briefly down.
  const configuration = () => {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        settings.allowInsecureIssuer ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  app.get(
    `${FLOW_PATH}/login`,
    {
      config: { auth: PUBLIC, rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Start sign-in at the identity provider (302)',
        response: withErrors({}, [429, 503]),
      },
    },
    async (request, reply) => {
      const config = await configuration().catch((error: unknown) => {
        request.log.error({ err: error }, 'OIDC discovery failed');
        throw new HttpError(503, 'E_UNAVAILABLE', 'the identity provider is not reachable; try again later');
      });
      const flow: Flow = {
        verifier: oidc.randomPKCECodeVerifier(),
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes ?? 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      reply.setCookie(FLOW_COOKIE, JSON.stringify(flow), {
        path: FLOW_PATH,
        httpOnly: true,
        secure: true,
        sameSite: 'lax',
        maxAge: FLOW_TTL_S,
        signed: true,
      });
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    `${FLOW_PATH}/callback`,
    {
      config: { auth: PUBLIC, rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Return from the identity provider; sets the session cookie and redirects to /',
        querystring: Type.Object({}, { additionalProperties: Type.String({ maxLength: 4096 }) }),
        response: withErrors({}, [400, 401, 403, 429, 503]),
      },
    },
    async (request, reply) => {
      const flow = readFlow(request);
      if (!flow) throw unauthenticated();
      reply.clearCookie(FLOW_COOKIE, { path: FLOW_PATH });
      const config = await configuration();
      const current = new URL(settings.redirectUri);
      current.search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      let claims: Record<string, unknown>;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: flow.verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
        });
        const idClaims = tokens.claims();
        if (!idClaims) throw new Error('no ID token in the token response');
        // Group claims often live only in userinfo; the ID token's claims win on conflict.
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...info, ...idClaims };
      } catch (error) {
        request.log.warn({ err: error }, 'OIDC callback rejected');
        throw unauthenticated();
      }
      const email = typeof claims.email === 'string' ? claims.email : undefined;
      if (!email)
        throw new HttpError(403, 'E_FORBIDDEN', 'the identity provider returned no email claim', {});
      // Accounts are keyed by email: an address the IdP says is unverified could be anyone's.
      if (claims.email_verified === false)
        throw new HttpError(403, 'E_FORBIDDEN', 'the identity provider marks this email as unverified', {});
      const name = typeof claims.name === 'string' ? claims.name : email;
      const grants = await grantsFromClaims(claims, settings, store, (msg) => request.log.warn(msg));
      const person = await accounts.federatedPerson(email, name, grants);
      const secret = await accounts.startSession(person, 'oidc', { issuer: settings.issuer });
      setSessionCookies(reply, secret, accounts.sessionTtlMs);
      return reply.redirect('/', 302);
    },
  );
}

function readFlow(request: FastifyRequest): Flow | undefined {
  const raw = request.cookies[FLOW_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return undefined;
  try {
    const value = JSON.parse(unsigned.value) as Partial<Flow>;
    if (
      typeof value.verifier === 'string' &&
      typeof value.state === 'string' &&
      typeof value.nonce === 'string'
    )
      return value as Flow;
  } catch {
    // A mangled cookie is treated like a missing one.
  }
  return undefined;
}
