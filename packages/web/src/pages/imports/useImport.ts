import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, apiUrl, get, uploadRaw } from '../../api.ts';
import { type Batch } from './types.ts';

export type Phase = 'idle' | 'uploading' | 'processing' | 'done';

export interface ImportState { phase: Phase; uploadPercent: number; progress: Record<string, unknown> | null; batch: Batch | null; error: ApiError | null; }

const failed = (msg: string) => new ApiError(0, 'imports.failed', { zh: `导入失败：${msg}`, en: `Import failed: ${msg}` });

/**
 * Upload a file as the raw body of POST /imports?filename=… (answer `{ jobId }`), follow the job's server-sent events
 * at /imports/jobs/:jobId/events (`progress` … then `done` with the batch id, or `error`), then fetch the batch with
 * its row errors from /imports/:batchId. The server replays a job's events, so a reconnecting EventSource loses none.
 */
export function useImport(onFinished?: (b: Batch) => void) {
  const [state, setState] = useState<ImportState>({ phase: 'idle', uploadPercent: 0, progress: null, batch: null, error: null });
  const cleanup = useRef<(() => void) | null>(null);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

  useEffect(() => () => cleanup.current?.(), []);

  const loadBatch = useCallback(async (batchId: string | number) => {
    try {
      const b = await get<Batch | { batch: Batch }>(`/imports/${encodeURIComponent(String(batchId))}`);
      const batch = 'batch' in b && b.batch ? b.batch : (b as Batch);
      setState((s) => ({ ...s, phase: 'done', batch }));
      finishedRef.current?.(batch);
    } catch (e) {
      setState((s) => ({ ...s, phase: 'done', error: e instanceof ApiError ? e : failed(String(e)) }));
    }
  }, []);

  const follow = useCallback((jobId: string) => {
    const es = new EventSource(apiUrl(`/imports/jobs/${encodeURIComponent(jobId)}/events`), { withCredentials: true });
    const parse = (ev: Event): Record<string, unknown> => {
      const raw = (ev as MessageEvent<string>).data;
      try { return JSON.parse(raw) as Record<string, unknown>; } catch { return { message: raw }; }
    };
    es.addEventListener('progress', (ev) => setState((s) => ({ ...s, progress: parse(ev) })));
    es.onmessage = (ev) => setState((s) => ({ ...s, progress: parse(ev) }));
    es.addEventListener('done', (ev) => {
      es.close();
      const d = parse(ev);
      if (d.batchId != null) void loadBatch(d.batchId as string | number);
      else setState((s) => ({ ...s, phase: 'done', error: failed(String(d.status ?? 'no batch')) }));
    });
    // a server event named "error" (the job failed) and a broken connection both arrive as `error`
    es.addEventListener('error', (ev) => {
      if (typeof (ev as MessageEvent).data === 'string') {
        es.close();
        setState((s) => ({ ...s, phase: 'done', error: failed(String(parse(ev).message ?? '')) }));
      } else if (es.readyState === EventSource.CLOSED) {
        setState((s) => ({ ...s, phase: 'done', error: failed('event stream closed') }));
      } // else: the browser reconnects and the server replays the job's events
    });
    cleanup.current = () => es.close();
  }, [loadBatch]);

  const start = useCallback(async (file: File) => {
    cleanup.current?.();
    setState({ phase: 'uploading', uploadPercent: 0, progress: null, batch: null, error: null });
    try {
      const r = await uploadRaw<{ jobId?: string; batchId?: string | number }>('/imports', file, { filename: file.name }, (p) => setState((s) => ({ ...s, uploadPercent: p })));
      setState((s) => ({ ...s, phase: 'processing', uploadPercent: 100 }));
      if (r?.jobId) follow(r.jobId);
      else if (r?.batchId != null) await loadBatch(r.batchId);
      else throw failed('no job id');
    } catch (e) {
      setState((s) => ({ ...s, phase: 'idle', error: e instanceof ApiError ? e : failed(String(e)) }));
    }
  }, [follow, loadBatch]);

  return { state, start };
}
