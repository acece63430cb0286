import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, TEST_CIPHER } from '@kaohe/store/testing';
import { importBatch } from './batch.ts';
import { status } from './status.ts';

const t = await createTestDb();
after(() => t.cleanup());
const dir = mkdtempSync(join(tmpdir(), 'kaohe-batch-'));

const kase = (agency: string, id: string) => ({
  schema: 'kaohe.case/v1', id, agency, domain: 'market', procedure: 'simple', party: { type: 'person', name: '王五' },
  penalty: { kinds: ['warning'] }, events: [{ id: 'e1', type: 'decision.made', at: '2026-03-02T10:00:00+08:00', onSite: true, penalty: { kinds: ['warning'] } }],
});

test("a department's import may only write its own agency's records; one foreign row rejects the batch", async () => {
  const f = join(dir, 'mixed.jsonl');
  writeFileSync(f, [kase('330100-SCJG', 'A-1'), kase('330100-HBJ', 'B-1'), { schema: 'kaohe.item/v1', code: 'X', name: 'x', domain: 'market', kinds: ['fine'] }]
    .map((d) => JSON.stringify(d)).join('\n') + '\n');
  const before = await status(t.db);
  const r = await importBatch(t.db, [f], { user: 'scjg-admin', cipher: TEST_CIPHER, scope: { kind: 'agency', agency: '330100-SCJG' }, asOf: '2026-11-26' });
  assert.equal(r.status, 'rejected');
  assert.deepEqual(r.errors.map((e) => [e.line, e.field, e.code]), [[2, 'agency', 'scope.agency'], [3, 'schema', 'scope.agency']]);
  assert.match(r.errors[0]!.message.zh, /330100-HBJ 不属于您的管理范围/);
  assert.match(r.errors[0]!.message.en, /outside your scope/);
  assert.equal((await status(t.db)).cases, before.cases, 'nothing of the batch was written');
  const ok = await importBatch(t.db, [f.replace('mixed', 'own')], { user: 'x', cipher: TEST_CIPHER }).catch((e: Error) => e);
  assert.ok(ok instanceof Error, 'a missing file is an error, not an empty batch');
  const own = join(dir, 'own.jsonl');
  writeFileSync(own, JSON.stringify(kase('330100-SCJG', 'A-1')) + '\n');
  const r2 = await importBatch(t.db, [own], { user: 'scjg-admin', cipher: TEST_CIPHER, scope: { kind: 'agency', agency: '330100-SCJG' }, asOf: '2026-11-26' });
  assert.equal(r2.status, 'committed');
  assert.equal((await status(t.db)).cases, before.cases + 1);
});
