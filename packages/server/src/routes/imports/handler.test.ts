/** /imports (issue 12, item 1): a supervisor sees every batch that touched its region, whoever imported it. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFiles } from '@kaohe/app';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { harness, signedIn } from '../../harness.ts';

const h = await harness();
after(() => h.close());
const dir = mkdtempSync(join(tmpdir(), 'kaohe-imports-'));
const agency = (code: string, region: string) => ({ schema: 'kaohe.agency/v1', code, name: `部门${code}`, region, domain: 'market', level: 'county' });
const batch = async (name: string, rows: unknown[]) => {
  const f = join(dir, name);
  writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const r = await importFiles(h.db, [f], { user: 'console', cipher: TEST_CIPHER });
  assert.equal(r.status, 'committed', JSON.stringify(r.errors));
  return r.batchId;
};

test('batches by the console are seen by the supervisors of the regions they touched, and by nobody else', async () => {
  const hz = await batch('hz.jsonl', [agency('A1', '330106')]); // touches 330106 (inside 3301)
  const gz = await batch('gz.jsonl', [agency('A9', '440106')]); // touches 440106 only
  const moved = await batch('moved.jsonl', [agency('A9', '330105')]); // A9 moved from 440106 into 330105: both regions
  const sup = await signedIn(h, { roles: ['supervisor'], region: '330100' });
  const other = await signedIn(h, { roles: ['supervisor'], region: '440100' });
  const admin = await signedIn(h, { roles: ['agency-admin'], agency: 'A1' });
  const ids = async (c: typeof sup) => {
    const r = await c.get('/imports');
    assert.equal(r.statusCode, 200, r.body);
    return (r.json().items as { id: number }[]).map((b) => b.id).sort((x, y) => x - y);
  };
  assert.deepEqual(await ids(sup), [hz, moved]);
  assert.deepEqual(await ids(other), [gz, moved]);
  assert.deepEqual(await ids(admin), [], "a department sees its own staff's batches only");
  assert.equal((await sup.get(`/imports/${hz}`)).statusCode, 200);
  assert.equal((await sup.get(`/imports/${gz}`)).statusCode, 404, 'a batch of another region is not found');
});
