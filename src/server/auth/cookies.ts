import type { FastifyReply } from 'fastify';
import { sha256Hex } from '../../catalog/secrets.ts';

export const SESSION_COOKIE = 'rampart_session';
export const CSRF_COOKIE = 'rampart_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * CSRF token for a session: derived from the (HttpOnly) session secret, so the server checks it
 * without storing anything and another site can neither read nor guess it.
 */
export function csrfTokenFor(sessionSecret: string): string {
  return sha256Hex(`csrf:${sessionSecret}`);
}

const base = { path: '/', secure: true, sameSite: 'lax' } as const;

export function setSessionCookies(reply: FastifyReply, sessionSecret: string, maxAgeMs: number): void {
  const maxAge = Math.floor(maxAgeMs / 1000);
  reply.setCookie(SESSION_COOKIE, sessionSecret, { ...base, httpOnly: true, maxAge });
  // Readable by the web UI, which echoes it in the x-csrf-token header (double submit).
  reply.setCookie(CSRF_COOKIE, csrfTokenFor(sessionSecret), { ...base, httpOnly: false, maxAge });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, { ...base });
}
