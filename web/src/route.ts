import { useEffect, useState } from 'react';

// Hash routes (#/findings, #/findings/<id>, …) need no server fallback: the server serves only files.
// Each page adds one member to Route and one entry to ROUTES; the first matching pattern wins.
export type Route =
  | { readonly page: 'catalog-teams' }
  | { readonly page: 'catalog-team'; readonly id: string }
  | { readonly page: 'catalog-services' }
  | { readonly page: 'catalog-service'; readonly id: string }
  | { readonly page: 'catalog-systems' }
  | { readonly page: 'catalog-people' }
  | { readonly page: 'catalog-import' }
  | { readonly page: 'findings' }
  | { readonly page: 'finding'; readonly id: string }
  | { readonly page: 'dashboard' }
  | { readonly page: 'frameworks'; readonly id?: string }
  | { readonly page: 'rules' }
  | { readonly page: 'rule'; readonly id: string }
  | { readonly page: 'audit' }
  | { readonly page: 'tokens' }
  | { readonly page: 'approvals' };

interface RouteEntry {
  readonly pattern: RegExp;
  readonly build: (match: RegExpExecArray) => Route;
}

const param = (match: RegExpExecArray, index: number): string => decodeURIComponent(match[index] ?? '');

const ROUTES: readonly RouteEntry[] = [
  { pattern: /^#\/catalog(?:\/teams)?$/, build: () => ({ page: 'catalog-teams' }) },
  { pattern: /^#\/catalog\/teams\/([^/?#]+)$/, build: (m) => ({ page: 'catalog-team', id: param(m, 1) }) },
  { pattern: /^#\/catalog\/services$/, build: () => ({ page: 'catalog-services' }) },
  {
    pattern: /^#\/catalog\/services\/([^/?#]+)$/,
    build: (m) => ({ page: 'catalog-service', id: param(m, 1) }),
  },
  { pattern: /^#\/catalog\/systems$/, build: () => ({ page: 'catalog-systems' }) },
  { pattern: /^#\/catalog\/people$/, build: () => ({ page: 'catalog-people' }) },
  { pattern: /^#\/catalog\/import$/, build: () => ({ page: 'catalog-import' }) },
  { pattern: /^#\/findings\/([^/?#]+)$/, build: (m) => ({ page: 'finding', id: param(m, 1) }) },
  { pattern: /^#\/findings(?:\?.*)?$/, build: () => ({ page: 'findings' }) },
  { pattern: /^(?:#\/?(?:dashboard)?)?$/, build: () => ({ page: 'dashboard' }) },
  { pattern: /^#\/frameworks\/([^/?#]+)$/, build: (m) => ({ page: 'frameworks', id: param(m, 1) }) },
  { pattern: /^#\/frameworks$/, build: () => ({ page: 'frameworks' }) },
  { pattern: /^#\/rules\/([^/?#]+)$/, build: (m) => ({ page: 'rule', id: param(m, 1) }) },
  { pattern: /^#\/rules(?:\?.*)?$/, build: () => ({ page: 'rules' }) },
  { pattern: /^#\/audit(?:\?.*)?$/, build: () => ({ page: 'audit' }) },
  { pattern: /^#\/tokens$/, build: () => ({ page: 'tokens' }) },
  { pattern: /^#\/approvals(?:\?.*)?$/, build: () => ({ page: 'approvals' }) },
];

const DEFAULT_ROUTE: Route = { page: 'dashboard' };

export function parseRoute(hash: string): Route {
  for (const { pattern, build } of ROUTES) {
    const match = pattern.exec(hash);
    if (match) return build(match);
  }
  return DEFAULT_ROUTE;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
