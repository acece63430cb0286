/** A small hash router (#/path?x=y): the server serves one index.html, deep links survive a reload. */
import { useEffect, useState } from 'react';

export interface Route { path: string; parts: string[]; params: URLSearchParams; }

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, '') || '/';
  const [path, q = ''] = h.split('?');
  const clean = path.startsWith('/') ? path : `/${path}`;
  return { path: clean, parts: clean.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(q) };
}

export function navigate(path: string): void { window.location.hash = path; }

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
