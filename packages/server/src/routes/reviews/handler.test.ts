import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBatch } from '@kaohe/app';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { harness, signedIn, type Harness, type Client } from '../../harness.ts';

let h: Harness;
let reviewer: Client;
const dir = mkdtempSync(join(tmpdir(), 'kaohe-review-'));
const at = (d: string) => `2026-${d}T09:00:00+08:00`;
const doc = (id: string, agency: string, extra: Record<string, unknown>, events: { type: string; at: string; [k: string]: unknown }[]) => ({
  schema: 'kaohe.case/v1', id, agency, domain: 'market', procedure: 'general', party: { type: 'person', name: '李小明', address: '浙江省杭州市西湖区文三路 1 号' },
  ...extra, events: [{ type: 'case.opened', at: at('03-02') }, ...events].map((e, i) => ({ id: `e${i}`, ...e })),
});

before(async () => {
  h = await harness();
  const docs = [
    { schema: 'kaohe.agency/v1', code: 'A1', name: '西湖区市场监管局', region: '330106', domain: 'market', level: 'county' },
    { schema: 'kaohe.agency/v1', code: 'A2', name: '上城区市场监管局', region: '330102', domain: 'market', level: 'county' },
    doc('MAJOR-NEW', 'A1', { major: true }, []),
    doc('COMPLEX-SUBMITTED', 'A1', { complex: true }, [{ type: 'review.submitted', at: at('03-20') }]),
    doc('HEARING-REJECTED', 'A1', {}, [{ type: 'hearing.held', at: at('03-10') }, { type: 'review.submitted', at: at('03-15') }, { type: 'review.completed', at: at('03-18'), result: 'rejected' }]),
    doc('MAJOR-PASSED', 'A1', { major: true }, [{ type: 'review.completed', at: at('03-18'), result: 'passed' }]),
    doc('MAJOR-DECIDED', 'A1', { major: true }, [{ type: 'decision.made', at: at('03-25'), penalty: { kinds: ['warning'] } }]),
    doc('ORDINARY', 'A1', { major: false }, []),
    doc('OTHER-MAJOR', 'A2', { major: true }, []),
  ];
  const f = join(dir, 'seed.jsonl');
  writeFileSync(f, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const r = await importBatch(h.db, [f], { user: 'seed', cipher: TEST_CIPHER, asOf: '2026-04-01' });
  assert.equal(r.status, 'committed', JSON.stringify(r.errors));
  reviewer = await signedIn(h, { roles: ['legal-reviewer'], agency: 'A1' });
});
after(async () => { await h.close(); rmSync(dir, { recursive: true, force: true }); });

test('the queue: undecided cases that art. 58 sends to legal review and that have not passed it, in the department', async () => {
  const r = await reviewer.get('/reviews/legal?sort=id');
  assert.equal(r.statusCode, 200, r.body);
  const items = r.json().items as { id: string; state: string; reasons: string[]; party: { name: string } }[];
  assert.deepEqual(items.map((i) => [i.id, i.state, i.reasons.join()]), [
    ['COMPLEX-SUBMITTED', 'submitted', 'complex'],
    ['HEARING-REJECTED', 'rejected', 'hearing'],
    ['MAJOR-NEW', 'not-submitted', 'major'],
  ]);
  assert.ok(items.every((i) => i.party.name === '李某'), 'party masked');
  assert.deepEqual((await reviewer.get('/reviews/legal?state=submitted')).json().items.map((i: { id: string }) => i.id), ['COMPLEX-SUBMITTED']);
});

test('scope and roles: the region for the bureau; not for officers or outside roles', async () => {
  const sup = await signedIn(h, { roles: ['supervisor'], region: '330100' });
  assert.equal((await sup.get('/reviews/legal')).json().total, 4);
  const admin = await signedIn(h, { roles: ['agency-admin'], agency: 'A2' });
  assert.deepEqual((await admin.get('/reviews/legal')).json().items.map((i: { id: string }) => i.id), ['OTHER-MAJOR']);
  for (const [roles, scope] of [[['officer'], { agency: 'A1' }], [['evaluator'], { region: '330100' }], [['file-reviewer'], { region: '330100' }], [['sysadmin'], {}]] as const) {
    const c = await signedIn(h, { roles: [...roles], ...scope });
    assert.equal((await c.get('/reviews/legal')).statusCode, 403, roles[0]);
  }
});
