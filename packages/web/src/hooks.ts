import { useCallback, useEffect, useRef, useState } from 'react';
import { App } from 'antd';
import { ApiError, asPage, get, type Localized, type Page, type Query } from './api.ts';
import { useI18n } from './i18n/index.tsx';

/** The error message plus the reasons of its details (`[{ field, reason: { zh, en } }]`), in the current language. */
export function errorText(err: ApiError, loc: (m: Localized | string | undefined) => string): string {
  const main = loc(err.localized) || err.id;
  const reasons = Array.isArray(err.details)
    ? (err.details as { reason?: Localized | string; message?: Localized | string }[]).map((d) => loc(d?.reason ?? d?.message)).filter(Boolean)
    : [];
  return reasons.length ? `${main}：${reasons.join('；')}` : main;
}

/** Show an error (ApiError in the current language) as a message toast. */
export function useNotifyError(): (err: unknown) => void {
  const { message } = App.useApp();
  const { loc, t } = useI18n();
  return useCallback((err: unknown) => {
    if ((err as Error)?.name === 'AbortError') return;
    const text = err instanceof ApiError ? errorText(err, loc) : t('common.error');
    void message.error(text);
  }, [message, loc, t]);
}

export interface ListState<T> {
  data: Page<T>;
  loading: boolean;
  error: ApiError | null;
  query: Query;
  setPage(page: number, pageSize: number): void;
  setFilters(filters: Query): void;
  setSort(sort?: string, order?: 'asc' | 'desc'): void;
  reload(): void;
}

/** A server-paged list: `?page&pageSize&sort&order` plus filters, answered `{ items, total, page, pageSize }`. */
export function useList<T>(path: string | null, initial: Query = {}, pageSize = 20): ListState<T> {
  const [query, setQuery] = useState<Query>({ page: 1, pageSize, ...initial });
  const [data, setData] = useState<Page<T>>({ items: [], total: 0, page: 1, pageSize });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const notify = useNotifyError();
  const notifyRef = useRef(notify);
  notifyRef.current = notify;

  useEffect(() => {
    if (!path) return;
    const ac = new AbortController();
    setLoading(true);
    get<Page<T> | T[]>(path, query, ac.signal)
      .then((v) => { setData(asPage(v)); setError(null); })
      .catch((e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        setError(e instanceof ApiError ? e : null);
        notifyRef.current(e);
      })
      .finally(() => { if (!ac.signal.aborted) setLoading(false); });
    return () => ac.abort();
  }, [path, JSON.stringify(query), tick]);

  return {
    data, loading, error, query,
    setPage: (page, size) => setQuery((q) => ({ ...q, page, pageSize: size })),
    setFilters: (f) => setQuery((q) => ({ page: 1, pageSize: q.pageSize, sort: q.sort, order: q.order, ...f })),
    setSort: (sort, order) => setQuery((q) => ({ ...q, sort, order, page: 1 })),
    reload: () => setTick((n) => n + 1),
  };
}

/** One GET, reloaded when its key changes. */
export function useGet<T>(path: string | null, query?: Query): { data: T | null; loading: boolean; error: ApiError | null; reload(): void } {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(!!path);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(query ?? {});
  useEffect(() => {
    if (!path) return;
    const ac = new AbortController();
    setLoading(true);
    get<T>(path, query, ac.signal)
      .then((v) => { setData(v); setError(null); })
      .catch((e: unknown) => { if ((e as Error).name !== 'AbortError') setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', { zh: String(e), en: String(e) })); })
      .finally(() => { if (!ac.signal.aborted) setLoading(false); });
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, key, tick]);
  return { data, loading, error, reload: () => setTick((n) => n + 1) };
}
