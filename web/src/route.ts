import { useEffect, useState } from 'react';

// Hash routes (#/findings, #/findings/<id>) need no server fallback: the server serves only files.
export type Route = { readonly page: 'findings' } | { readonly page: 'finding'; readonly id: string };

export function parseRoute(hash: string): Route {
  const match = /^#\/findings\/([^/?#]+)$/.exec(hash);
  return match ? { page: 'finding', id: decodeURIComponent(match[1] ?? '') } : { page: 'findings' };
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
