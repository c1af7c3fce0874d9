import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { withErrors } from '../schemas.ts';
import { PUBLIC } from './route-auth.ts';

const Methods = Type.Object({
  password: Type.Boolean({ description: 'Local accounts (POST /api/auth/sign-in)' }),
  oidc: Type.Boolean({ description: 'The identity provider (GET /api/auth/oidc/login)' }),
});

/**
 * What the sign-in page offers. Public: a visitor must learn how to sign in before signing in.
 * It reveals only whether an IdP is configured, which its login redirect reveals anyway.
 */
export async function signInMethodsRoute(app: FastifyInstance, options: { oidc: boolean }): Promise<void> {
  app.get(
    '/api/auth/methods',
    {
      config: { auth: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'How to sign in here: local password and/or the identity provider',
        response: withErrors({ 200: Methods }),
      },
    },
    async () => ({ password: true, oidc: options.oidc }),
  );
}
