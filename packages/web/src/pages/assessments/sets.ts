/**
 * Indicator metadata (names, direction, floor / target, scale, weights) for the assessment screens, from the API:
 * `GET /indicator-sets/:version` answers for a shipped version and for a bureau's own published set alike, so a run
 * under a bureau's set shows that set's names. Cached per version for the page's life. A version the API does not
 * know (a run made from a file with `--set path`) falls back to the version in force, then to the bare code.
 * Drafts (not published, no version to ask for) are put into the cache by the editor under `draft:<id>`.
 */
import { useEffect, useState } from 'react';
import { ApiError, get, type Localized, type Page } from '../../api.ts';
import type { IndicatorDef, SetDetail, SetSummary } from './types.ts';

export interface IndicatorMeta {
  code: string;
  name?: Localized;
  level?: IndicatorDef['level'];
  domain?: string;
  group?: string;
  direction?: 'up' | 'down';
  scale?: number;
  floor?: number;
  target?: number;
  weight?: number;
  basis?: string;
}
export interface SetMeta { version: string; title?: Localized; effective?: string; indicators: Map<string, IndicatorMeta>; grades?: SetDetail['set']['grades'] }

const cache = new Map<string, SetMeta | null>();
const pending = new Map<string, Promise<SetMeta | null>>();

/** The metadata of a set detail (as the API answers it). */
export function metaOf(d: Pick<SetDetail, 'set'>): SetMeta {
  return { version: d.set.version, title: d.set.title, effective: d.set.effective, grades: d.set.grades, indicators: new Map(d.set.indicators.map((i) => [i.code, { ...i }])) };
}

/** Put a set the screens already hold (a draft, a preview) into the cache under `key`. */
export function primeSetMeta(key: string, d: Pick<SetDetail, 'set'>): void {
  cache.set(key, metaOf(d));
}

let versions: Promise<SetSummary[]> | null = null;
/** Shipped and published versions (no drafts) the caller may read, oldest first; fetched once per page life (`refresh` after a publish). */
export function setVersionList(refresh = false): Promise<SetSummary[]> {
  if (!versions || refresh) {
    versions = get<Page<SetSummary>>('/indicator-sets', { pageSize: 200 }).then((p) => p.items.filter((s) => s.kind !== 'draft')).catch(() => []);
  }
  return versions;
}

/** Loads (once) the metadata of a version. */
export function loadSetMeta(version: string): Promise<SetMeta | null> {
  if (cache.has(version)) return Promise.resolve(cache.get(version) ?? null);
  let p = pending.get(version);
  if (!p) {
    p = get<SetDetail>(`/indicator-sets/${encodeURIComponent(version)}`)
      .then((d) => metaOf(d))
      .catch(async (e: unknown) => {
        if (!(e instanceof ApiError) || e.status !== 404) return null;
        // not a version the API knows: the one in force gives the labels of the codes they share
        const inForce = (await setVersionList()).find((s) => s.inForce);
        return inForce && inForce.version !== version ? loadSetMeta(inForce.version) : null;
      })
      .then((m) => { cache.set(version, m); pending.delete(version); return m; });
    pending.set(version, p);
  }
  return p;
}

/** The metadata of a version (null while loading or unknown); re-renders when it arrives. */
export function useSetMeta(version: string | null | undefined): SetMeta | null {
  const [, force] = useState(0);
  const known = version ? cache.get(version) : null;
  useEffect(() => {
    if (!version || cache.has(version)) return;
    let live = true;
    void loadSetMeta(version).then(() => { if (live) force((n) => n + 1); });
    return () => { live = false; };
  }, [version]);
  return known ?? null;
}

/** `code → metadata` of a version (a bare `{ code }` until it is known). */
export function useIndicatorMeta(version: string | null | undefined): (code: string) => IndicatorMeta {
  const m = useSetMeta(version);
  return (code: string) => m?.indicators.get(code) ?? { code };
}

/** The versions for a select (shipped and published, oldest first). */
export function useSetVersions(): SetSummary[] {
  const [list, setList] = useState<SetSummary[]>([]);
  useEffect(() => {
    let live = true;
    void setVersionList().then((l) => { if (live) setList(l); });
    return () => { live = false; };
  }, []);
  return list;
}
