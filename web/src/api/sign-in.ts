// What the sign-in page offers (GET /api/auth/methods, public).
import { call } from '../api.ts';

export const signInMethods = () => call<{ password: boolean; oidc: boolean }>('GET', '/api/auth/methods');

/** The identity provider's sign-in starts here (a full-page navigation, not fetch). */
export const OIDC_LOGIN_URL = '/api/auth/oidc/login';
