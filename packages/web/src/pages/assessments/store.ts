/** The current preview (not stored by the server) survives navigation to a department page and back. */
import { useGet } from '../../hooks.ts';
import type { ApiError } from '../../api.ts';
import type { Assessment } from './types.ts';

let preview: Assessment | null = null;
export function setPreview(a: Assessment | null): void { preview = a; }
export function getPreview(): Assessment | null { return preview; }

/** `run`: a run number, `latest`, or `preview` (the one in memory). */
export function useAssessment(run: string): { data: Assessment | null; loading: boolean; error: ApiError | null; reload(): void } {
  const isPreview = run === 'preview';
  const r = useGet<Assessment>(isPreview ? null : `/assessments/${encodeURIComponent(run)}`);
  if (isPreview) return { data: preview, loading: false, error: null, reload: () => undefined };
  return r;
}

export const deptHref = (run: string | number, agency: string) => `/assessments/${run}/${encodeURIComponent(agency)}`;
