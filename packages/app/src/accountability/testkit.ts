/**
 * Test data for the accountability tests (app and server): one city market-regulation bureau, its four officers along
 * the chain (P1, P2 handlers, P3 reviewer, P4 approver, credentials valid 2024–2030) and a general-procedure case
 * decided on Tue 29 Sep 2026 and served on Thu 15 Oct, one day after its due day Wed 14 Oct (art. 61 with art. 85: 7
 * working days after 29 Sep — 30 Sep, 8, 9, 10 (a make-up Saturday), 12, 13, 14 Oct, National Day in between) — so it
 * has one violated warning, cn.apl.61.service.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '@kaohe/store';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { importBatch } from '../batch.ts';

export const AGENCY = { schema: 'kaohe.agency/v1', code: '330100-SCJG', name: '杭州市市场监督管理局', region: '330100', domain: 'market', level: 'city' };
export const OTHER_AGENCY = { schema: 'kaohe.agency/v1', code: '330100-JT', name: '杭州市交通运输局', region: '330100', domain: 'transport', level: 'city' };
const NAMES: Record<string, string> = { P1: '张一鸣', P2: '李二强', P3: '王三审', P4: '赵四批', Q1: '钱交通' };
export const person = (code: string, agency = AGENCY.code) => ({
  schema: 'kaohe.person/v1', code, name: NAMES[code] ?? `员${code}`, agency, posts: ['handler'],
  credential: { number: `ZJ-${code}`, validFrom: '2024-01-01', validTo: '2030-12-31' },
});

export function caseDoc(id: string, extra: unknown[] = [], handlers = ['P1', 'P2']) {
  return {
    schema: 'kaohe.case/v1', id, agency: AGENCY.code, domain: 'market', procedure: 'general',
    party: { type: 'org', name: '某某商贸有限公司' },
    violation: { item: 'SC-X', occurredOn: '2026-09-01', circumstance: 'general' },
    staff: { handlers, reviewer: 'P3', approver: 'P4' }, penalty: { kinds: ['warning'] },
    events: [
      { id: 'e0', type: 'lead.registered', at: '2026-09-07T09:00:00+08:00', source: 'inspection' },
      { id: 'e1', type: 'case.opened', at: '2026-09-10T09:00:00+08:00', records: ['text'] },
      { id: 'e2', type: 'investigation', at: '2026-09-11T09:00:00+08:00', by: handlers, records: ['av'], credentialShown: true },
      { id: 'e3', type: 'notice.issued', at: '2026-09-15T09:00:00+08:00', proposed: { kinds: ['warning'] }, hearingRight: false },
      { id: 'e4', type: 'decision.made', at: '2026-09-29T10:00:00+08:00', penalty: { kinds: ['warning'] }, records: ['text'] },
      { id: 'e5', type: 'decision.served', at: '2026-10-15T10:00:00+08:00', method: 'direct', records: ['text'] },
      ...extra,
    ],
  };
}

/** Imports documents as one batch evaluated as of `asOf`. */
export async function load(db: Db, docs: unknown[], asOf = '2026-11-02'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-acc-'));
  try {
    const f = join(dir, 'seed.jsonl');
    writeFileSync(f, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
    const r = await importBatch(db, [f], { user: 'seed', cipher: TEST_CIPHER, asOf });
    if (r.status !== 'committed') throw new Error(JSON.stringify(r.errors.slice(0, 3)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The standard seed: two agencies, the four officers (and Q1 of the other agency), case SJ-1 with its late service. */
export async function seedAccountability(db: Db): Promise<void> {
  await load(db, [AGENCY, OTHER_AGENCY, ...['P1', 'P2', 'P3', 'P4'].map((c) => person(c)), person('Q1', OTHER_AGENCY.code), caseDoc('SJ-1')]);
}
