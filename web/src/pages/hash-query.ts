import { useEffect, useState } from 'react';

// Pages keep their filters in the hash query (#/findings?severity=high&team=…) so links can
// open them pre-filtered and Back/Forward walk through filter changes.

/** The query part of a hash route, e.g. `severity=high` for `#/findings?severity=high`. */
export function hashQuery(hash: string = location.hash): string {
  const i = hash.indexOf('?');
  return i < 0 ? '' : hash.slice(i + 1);
}

/** The current hash query as a string (stable across renders, so usable as an effect dependency). */
export function useHashQuery(): string {
  const [query, setQuery] = useState(() => hashQuery());
  useEffect(() => {
    const onChange = () => setQuery(hashQuery());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return query;
}

/** `#/path?k=v…` with only the non-empty values. */
export function hashLink(path: string, params: Readonly<Record<string, string | undefined>> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const text = q.toString();
  return `#/${path}${text ? `?${text}` : ''}`;
}
