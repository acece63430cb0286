import { z } from 'zod';

/**
 * The one validated configuration of a Kaohe process, read from the environment at start-up. Every problem is
 * reported at once (see `loadConfig`), and the process exits with code 2.
 */
const schema = z.object({
  /** PostgreSQL server; when unset the embedded PGlite database in `dbDir` is used. */
  databaseUrl: z.string().url().optional(),
  /** PGlite data directory (KAOHE_DB). */
  dbDir: z.string().min(1).default('./data/kaohe'),
  /** 32 hex chars (128-bit SM4 key) + 64 hex chars (HMAC-SM3 key) for personal data at rest. */
  dataKey: z.string().regex(/^[0-9a-fA-F]{32}$/, 'KAOHE_DATA_KEY must be 32 hex characters (a 128-bit SM4 key)'),
  indexKey: z.string().regex(/^[0-9a-fA-F]{64}$/, 'KAOHE_INDEX_KEY must be 64 hex characters (a 256-bit HMAC-SM3 key)'),
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** secure cookies need https; off only for loopback development */
  secureCookies: z.coerce.boolean().default(false),
  timezone: z.string().default('Asia/Shanghai'),
  uploadLimitMb: z.coerce.number().positive().default(200),
  /** the supervision body's name on the documents it issues (发文机关), e.g. 杭州市司法局 */
  bureau: z.string().trim().min(2).max(60).default('司法局'),
});
export type Config = z.infer<typeof schema>;

/** Development keys: used only when KAOHE_DEV_KEYS is not "0" and no key is configured, and printed as a warning. */
export const DEV_DATA_KEY = '000102030405060708090a0b0c0d0e0f';
export const DEV_INDEX_KEY = '101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f';

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration 配置无效:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const devKeys = env.KAOHE_DEV_KEYS !== '0' && env.NODE_ENV !== 'production';
  const raw = {
    databaseUrl: env.DATABASE_URL || undefined,
    dbDir: env.KAOHE_DB || undefined,
    dataKey: env.KAOHE_DATA_KEY ?? (devKeys ? DEV_DATA_KEY : undefined),
    indexKey: env.KAOHE_INDEX_KEY ?? (devKeys ? DEV_INDEX_KEY : undefined),
    host: env.HOST || undefined,
    port: env.PORT || undefined,
    secureCookies: env.KAOHE_SECURE_COOKIES === '1' ? true : undefined,
    timezone: env.KAOHE_TZ || undefined,
    uploadLimitMb: env.KAOHE_UPLOAD_LIMIT_MB || undefined,
    bureau: env.KAOHE_BUREAU || undefined,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
  const r = schema.safeParse(raw);
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`));
  return r.data;
}
