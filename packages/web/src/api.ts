/**
 * The one fetch wrapper of the web app. It sends the CSRF token on every non-GET request, turns error bodies
 * `{ error: { id, message: { zh, en } } }` into `ApiError`, and reports 401 so the app returns to the login page.
 */
import type { Localized } from './i18n/core.ts';

export type { Localized };

export const API = '/api/v1';

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly id: string,
    public readonly localized: Localized,
    public readonly details?: unknown,
  ) {
    super(localized.zh ?? localized.en ?? id);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void { csrfToken = token; }
export function setUnauthorizedHandler(fn: (() => void) | null): void { onUnauthorized = fn; }

export type Query = Record<string, string | number | boolean | undefined | null>;

/** `?a=1&b=2`, skipping empty values. */
export function qs(query?: Query): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function apiUrl(path: string, query?: Query): string { return `${API}${path}${qs(query)}`; }

/** URL of the XLSX export of a list: the same filters plus `format=xlsx`, without paging. */
export function exportUrl(path: string, query?: Query): string {
  const { page: _p, pageSize: _s, ...rest } = query ?? {};
  return apiUrl(path, { ...rest, format: 'xlsx' });
}

async function toError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  const e = (body as { error?: { id?: string; message?: Localized | string; details?: unknown } } | null)?.error;
  if (e) {
    const msg = typeof e.message === 'string' ? { zh: e.message, en: e.message } : e.message ?? {};
    return new ApiError(res.status, e.id ?? `http.${res.status}`, msg, e.details);
  }
  return new ApiError(res.status, `http.${res.status}`, { zh: `服务器返回错误（${res.status}）`, en: `Server error (${res.status})` });
}

export interface RequestOptions { method?: string; body?: unknown; query?: Query; signal?: AbortSignal; raw?: BodyInit; contentType?: string; }

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body !== undefined || opts.raw !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (opts.raw !== undefined) { body = opts.raw; headers['content-type'] = opts.contentType ?? 'application/octet-stream'; }
  else if (opts.body !== undefined) { body = JSON.stringify(opts.body); headers['content-type'] = 'application/json'; }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', { zh: '网络连接失败，请检查网络后重试', en: 'Network error, please check the connection and retry' });
  }
  if (res.status === 401 && path !== '/auth/login' && path !== '/auth/me') onUnauthorized?.();
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(path, { query, signal });
export const post = <T>(path: string, body: unknown = {}) => request<T>(path, { method: 'POST', body });
export const put = <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body });
export const patch = <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body });

/**
 * Upload a file as the raw request body (XHR, for upload progress). The server reads the file name from the query.
 */
export function uploadRaw<T>(path: string, file: File, query: Query, onProgress?: (percent: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path, query));
    // always raw bytes: the server takes only application/octet-stream on upload routes (a .csv's text/csv would be refused)
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress?.(Math.round((e.loaded / e.total) * 100)); };
    xhr.onerror = () => reject(new ApiError(0, 'network', { zh: '网络连接失败，请检查网络后重试', en: 'Network error, please check the connection and retry' }));
    xhr.onload = () => {
      const res = new Response(xhr.responseText || null, { status: xhr.status, headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' } });
      if (xhr.status === 401) onUnauthorized?.();
      if (xhr.status < 200 || xhr.status >= 300) { toError(res).then(reject, reject); return; }
      res.json().then((v) => resolve(v as T), () => resolve(undefined as T));
    };
    xhr.send(file);
  });
}

/** A paged list answer. */
export interface Page<T> { items: T[]; total: number; page: number; pageSize: number; }

/** Tolerates a bare array from an endpoint that is not paged. */
export function asPage<T>(v: Page<T> | T[] | { items?: T[] } | undefined | null): Page<T> {
  if (Array.isArray(v)) return { items: v, total: v.length, page: 1, pageSize: v.length };
  const items = v?.items ?? [];
  const p = v as Partial<Page<T>> | undefined;
  return { items, total: p?.total ?? items.length, page: p?.page ?? 1, pageSize: p?.pageSize ?? items.length };
}

// ---- shapes of the contract (docs/api.md) ----
export type Role = 'supervisor' | 'agency-admin' | 'legal-reviewer' | 'officer' | 'file-reviewer' | 'evaluator' | 'sysadmin' | 'secadmin' | 'auditor';
export interface User { id: string | number; username: string; name: string; roles: Role[]; agency?: string | null; region?: string | null; }
export interface LoginAnswer { user: User; csrfToken: string; mustChangePassword?: boolean; }
export interface MeAnswer { user: User; csrfToken: string; mustChangePassword?: boolean; }

export type Citation = string | { law?: string | Localized; article?: string | number; paragraph?: string | number; url?: string; quote?: string | Localized; text?: string; title?: Localized };
export interface Warning {
  id: string | number; agency: string; agencyName?: string; caseId: string; eventId?: string | null; provisional?: number[]; rule: string; ruleTitle?: Localized | string;
  status: 'violated' | 'pending' | 'advisory'; dueOn?: string | null; actOn?: string | null;
  message: Localized; citation?: Citation; quote?: string | Localized; state: 'open' | 'answered' | 'accepted' | 'rejected' | 'cleared';
}
export interface WarningAnswer { kind?: string; text?: string; comment?: string; accept?: boolean; by?: string; actor?: string; at?: string; action?: string; }
export interface WarningDetail extends Warning { actions?: WarningAnswer[]; answers?: WarningAnswer[]; history?: WarningAnswer[]; }
