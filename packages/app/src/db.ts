import type { Db } from '@kaohe/store';
import { openDb as openStore, PersonalDataCipher } from '@kaohe/store';
import type { Config } from './config.ts';

/** Open the database named by the config (PostgreSQL when databaseUrl is set, else PGlite in dbDir), migrated. */
export function openDbFromConfig(config: Pick<Config, 'databaseUrl' | 'dbDir'>): Promise<Db> {
  return openStore({ databaseUrl: config.databaseUrl, dbDir: config.dbDir });
}

/** The personal-data cipher keyed by the config. */
export function cipherFromConfig(config: Pick<Config, 'dataKey' | 'indexKey'>): PersonalDataCipher {
  return PersonalDataCipher.fromConfig(config);
}
