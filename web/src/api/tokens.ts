// Client for the API tokens API (docs/server.md, "API tokens").
import { call } from '../api.ts';

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly string[];
  readonly teamId: string | null;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export interface NewToken {
  readonly name: string;
  readonly scopes: readonly string[];
  readonly expiresInDays?: number;
  readonly teamId?: string;
}

export interface ServiceSummary {
  readonly id: string;
  readonly name: string;
  readonly ownerTeamId: string;
}

export const tokensApi = {
  list: () => call<ApiToken[]>('GET', '/api/tokens'),
  create: (body: NewToken) => call<{ secret: string; token: ApiToken }>('POST', '/api/tokens', body),
  revoke: (id: string) => call<unknown>('DELETE', `/api/tokens/${encodeURIComponent(id)}`),
  services: () => call<ServiceSummary[]>('GET', '/api/services'),
  teams: () => call<Array<{ id: string; name: string; displayName: string }>>('GET', '/api/teams'),
};
