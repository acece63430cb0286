/**
 * Effects of decisions and the documents, on one matter: P2's credential is suspended (暂扣执法证件) by a decision served
 * on Tue 17 Nov 2026, so his acts from that day are warnings and earlier ones are not; the decision is the assessment's
 * accountability input (P2 never 优秀 in 2026); each of the six documents opens as DOCX with its title, names and date.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { createTestDb, type TestDb } from '@kaohe/store/testing';
import { loadCredentials } from '../cases.ts';
import { runAssessment } from '../assess.ts';
import { listWarnings } from '../warnings.ts';
import {
  accountabilityDecisions, buildDocument, decideMatter, getMatter, investigateMatter, notifyMatter, openMatter, reevaluatePeopleFrom, serveMatter,
  waiveMatter, DOCUMENT_KINDS, DOCUMENT_TITLES, type MatterActor,
} from './index.ts';
import { caseDoc, load, seedAccountability } from './testkit.ts';

let t: TestDb;
let id: number;
const sup: MatterActor = { username: 'sup', role: 'supervisor', as: 'supervisor' };
const p2: MatterActor = { username: 'p2', role: 'officer', as: 'officer', personCode: 'P2' };
const ok = <T>(r: { ok: true; value: T } | { ok: false; reason: { en: string } }): T => { if (!r.ok) assert.fail(r.reason.en); return r.value; };

before(async () => {
  t = await createTestDb();
  await seedAccountability(t.db);
  id = ok(await openMatter(t.db, { source: 'manual', cases: [{ agency: '330100-SCJG', caseId: 'SJ-1' }], category: 'procedural', subtype: 'service', summary: '逾期送达', today: '2026-11-02' }, sup)).id;
  ok(await investigateMatter(t.db, id, sup, { today: '2026-11-03' }));
  ok(await notifyMatter(t.db, id, sup, { today: '2026-11-10', proposals: [{ person: 'P2', kind: 'credential-suspension' }, { person: null, kind: 'rectify' }] }));
  ok(await waiveMatter(t.db, id, p2, { today: '2026-11-11' }));
  ok(await decideMatter(t.db, id, sup, { today: '2026-11-16', decisions: [{ person: 'P2', kind: 'credential-suspension' }, { person: null, kind: 'rectify' }, { person: null, kind: 'circulate' }] }));
  const served = ok(await serveMatter(t.db, id, sup, { today: '2026-11-17' }));
  // 90 days from Tue 17 Nov: the last day covered is 17 Nov + 89 = 14 Feb 2027 (13 days of Nov, 31 of Dec, 31 of Jan, 14 of Feb)
  assert.deepEqual(served.result, [{ person: 'P2', kind: 'suspended', from: '2026-11-17', until: '2027-02-14' }]);
});
after(() => t.cleanup());

test('a suspended credential is not valid on the days it covers (and only for that officer)', async () => {
  const reg = await loadCredentials(t.db, ['P1', 'P2']);
  assert.deepEqual(['2026-11-16', '2026-11-17', '2027-02-14', '2027-02-15'].map((d) => reg.personCredentialValid('P2', d)), [true, false, false, true]);
  assert.equal(reg.personCredentialValid('P1', '2026-11-17'), true);
});

test('the officer\'s acts from the service day become warnings; a case before it does not', async () => {
  const credentialRules = async (caseId: string) => (await listWarnings(t.db, { caseId })).items.map((w) => w.rule).filter((r) => r === 'cn.apl.42.two-officers' || r === 'cn.apl.55.credential');
  // SJ-3: P1 and P2 investigate on Wed 18 Nov (the day after the service), decided on Fri 20 Nov
  const days: Record<string, string> = { e0: '2026-11-16', e1: '2026-11-17', e2: '2026-11-18', e3: '2026-11-19', e4: '2026-11-20' };
  const sj3 = caseDoc('SJ-3') as { events: { id: string; at: string }[] };
  await load(t.db, [{ ...sj3, events: sj3.events.filter((e) => days[e.id]).map((e) => ({ ...e, at: `${days[e.id]}T09:00:00+08:00` })) }], '2026-11-20');
  assert.ok((await credentialRules('SJ-3')).length > 0, 'P2 acted on 18 Nov with a suspended credential');
  assert.deepEqual(await credentialRules('SJ-1'), [], 'SJ-1\'s acts were in September');
  // re-evaluating P2's acts from the day of service finds the same and changes nothing else
  const r = await reevaluatePeopleFrom(t.db, ['P2'], '2026-11-17', '2026-11-20');
  assert.equal(r.cases, 1);
});

test('the decision is the assessment\'s accountability input: P2 is never 优秀 in 2026', async () => {
  assert.deepEqual(await accountabilityDecisions(t.db, '3301', '2026-01-01', '2026-12-31'), [{ person: 'P2', decidedOn: '2026-11-16', kind: 'credential-suspension' }]);
  const run = await runAssessment(t.db, { period: '2026', scope: { region: '330100' }, asOf: '2026-12-31' });
  const p2r = run.individuals.find((i) => i.person === 'P2');
  assert.ok(p2r, 'P2 is graded');
  assert.equal(p2r.accountability, 1);
  assert.notEqual(p2r.grade, 'excellent');
  // with the decision left out the same run counts none for him
  const without = await runAssessment(t.db, { period: '2026', scope: { region: '330100' }, asOf: '2026-12-31', accountability: [] });
  assert.equal(without.individuals.find((i) => i.person === 'P2')!.accountability, 0);
  if (without.individuals.find((i) => i.person === 'P2')!.grade === 'excellent') assert.equal(p2r.capped, true);
});

test('the six documents: DOCX on A4 with the GB/T 9704 margins, title, names and the date in Chinese', async () => {
  const m = (await getMatter(t.db, id, '2026-11-17'))!;
  // the decisions of one matter are not repeats of each other: 通报批评 stays as proposed (not raised to 取消评比先进资格)
  assert.deepEqual(m.decisions.map((d) => d.kind), ['credential-suspension', 'rectify', 'circulate']);
  for (const kind of DOCUMENT_KINDS) {
    const d = buildDocument(m, kind, '2026-11-17', { issuer: '杭州市司法局' });
    assert.ok(d, kind);
    const xml = await (await JSZip.loadAsync((await d).content)).file('word/document.xml')!.async('string');
    // A4 210 × 297 mm = 11906 × 16838 twips; top 37 mm = 2098, bottom 35 mm = 1984, left 28 mm = 1587, right 26 mm = 1474
    assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/, kind);
    assert.match(xml, /w:top="2098"[^>]*w:right="1474"[^>]*w:bottom="1984"[^>]*w:left="1587"/, kind);
    for (const s of [DOCUMENT_TITLES[kind].zh, '杭州市司法局', '2026年11月17日', '方正小标宋简体', '仿宋_GB2312']) assert.ok(xml.includes(s), `${kind}: ${s}`);
    // 2号 title = 22 pt = 44 half-points; 3号 body = 16 pt = 32
    assert.match(xml, /<w:sz w:val="44"\/>/, kind);
    assert.match(xml, /<w:sz w:val="32"\/>/, kind);
  }
  const text = async (kind: (typeof DOCUMENT_KINDS)[number]) => (await JSZip.loadAsync((await buildDocument(m, kind, '2026-11-17', { issuer: '杭州市司法局' })!).content)).file('word/document.xml')!.async('string');
  assert.ok((await text('filing')).includes('承办人：张一鸣'));
  assert.ok((await text('notice')).includes('李二强同志') && (await text('notice')).includes('暂扣执法证件'));
  assert.ok((await text('decision')).includes('当事人放弃陈述申辩权利'));
  const sn = await text('supervision-notice');
  assert.ok(sn.includes('杭州市市场监督管理局：'), sn.slice(sn.indexOf('<w:body>'), sn.indexOf('<w:body>') + 3000));
  assert.ok(sn.includes('限期整改'));
  assert.ok((await text('supervision-decision')).includes('通报批评'));
});
