/**
 * What handlers need beyond the database: the personal-data cipher, the job hub, and the app/ingest commands
 * (import, templates). Tests replace any of them through `buildServer({ services })`.
 */
import type { Db } from '@kaohe/store';
import { PersonalDataCipher } from '@kaohe/store';
import { importBatch, type Config, type ImportProgress, type ImportScope } from '@kaohe/app';
import { writeTemplate } from '@kaohe/ingest';
import { JobHub } from './sse.ts';
import { LoginThrottle } from './throttle.ts';

/** The import command as the server calls it (the cipher is bound). */
export type ImportFilesFn = (db: Db, paths: string[], opts: { user: string; scope?: ImportScope; fileLabels?: Record<string, string>; onProgress?: (p: ImportProgress) => void }) => Promise<{ batchId: number; status: string; counts: unknown; errorCount: number }>;
/** The template of `kind` in `format` as bytes. */
export type WriteTemplateFn = (kind: string, format: 'csv' | 'xlsx', lang?: 'zh' | 'en') => Promise<Buffer | Uint8Array>;

export interface Services {
  jobs: JobHub;
  cipher: PersonalDataCipher;
  importFiles: ImportFilesFn;
  writeTemplate: WriteTemplateFn;
  /** the sign-in back-off (per address and account), in this server's memory */
  throttle: LoginThrottle;
}

export function defaultServices(config: Config, over: Partial<Services> = {}): Services {
  const cipher = new PersonalDataCipher(config.dataKey, config.indexKey);
  return {
    jobs: new JobHub(),
    throttle: new LoginThrottle(),
    cipher,
    importFiles: (db, paths, opts) => importBatch(db, paths, { user: opts.user, ...(opts.scope ? { scope: opts.scope } : {}), fileLabels: opts.fileLabels, cipher, onProgress: opts.onProgress, timezone: config.timezone }),
    writeTemplate: (kind, format, lang) => writeTemplate(kind as Parameters<typeof writeTemplate>[0], format, lang),
    ...over,
  };
}
