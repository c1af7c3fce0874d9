import { Type } from '@sinclair/typebox';
import { PERMISSIONS, ROLE_NAMES } from '../../catalog/roles.ts';

export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 1, maxLength: 1024 });

export const Grant = Type.Object(
  {
    role: Type.Union(ROLE_NAMES.map((r) => Type.Literal(r))),
    teamId: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]),
  },
  { additionalProperties: false },
);

export const Me = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  authenticatedBy: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  grants: Type.Array(Grant),
  permissions: Type.Array(Type.String()),
});

export const Scope = Type.Union(PERMISSIONS.map((p) => Type.Literal(p)));

export const Token = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  teamId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});
