/**
 * Test support for the server: a fresh migrated database (@kaohe/store's createTestDb: PGlite in a temp directory,
 * or a fresh PostgreSQL database when DATABASE_URL is set) and a test config.
 */
import { createTestDb, type TestDb } from '@kaohe/store/testing';
import { loadConfig, type Config } from '@kaohe/app';

export type { TestDb };
export { createTestDb };

export function testConfig(over: Partial<Config> = {}): Config {
  return loadConfig({ KAOHE_DEV_KEYS: '1' }, { dbDir: '/nonexistent', ...over });
}
