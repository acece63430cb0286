/** Issue 12, item 10: a row error never echoes the value of a personal-data field (it is stored with the batch). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPersonalField, toRowError } from './errors.ts';
import { validateRecord } from './validate.ts';

const kase = (party: Record<string, unknown>, procedure = 'simple') => ({
  schema: 'kaohe.case/v1', id: 'C-1', agency: 'A', domain: 'market', procedure, party: { type: 'person', name: '王五', ...party },
});
const errorsOf = (doc: unknown) => {
  const v = validateRecord(doc);
  assert.ok(!v.ok);
  return v.issues.map((i) => toRowError({ file: 'cases.jsonl', line: 3 }, i));
};

test('an ID number of the wrong type is named, not echoed; other fields still show their value', () => {
  // the issue's example: an ID number given as a JSON number gives "expected string, got 330106199001011260"
  const [e] = errorsOf(kase({ idNumber: 330106199001011260 }));
  assert.equal(e!.field, 'party.idNumber');
  assert.equal(e!.code, 'type.invalid');
  assert.doesNotMatch(JSON.stringify(e), /33010619900101/);
  assert.match(e!.message.zh, /^第 3 行 party\.idNumber：.*个人信息，不予显示/);
  assert.match(e!.message.en, /personal data, not shown/);
  // a non-personal field keeps its value in the text (the reader needs it to find the mistake)
  const [p] = errorsOf(kase({}, 'fast'));
  assert.equal(p!.field, 'procedure');
  assert.match(p!.message.en, /"fast"/);
});

test('personal-data fields', () => {
  for (const f of ['idNumber', 'party.idNumber', 'party.phone', 'party.name', 'parties[1].idNumber']) assert.ok(isPersonalField(f), f);
  for (const f of ['name', 'procedure', 'agency', 'events[0].at']) assert.ok(!isPersonalField(f), f);
});
