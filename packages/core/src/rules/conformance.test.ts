/**
 * The conformance suite: runs every example of every rule version of every built-in pack, checks each rule has the
 * examples its template needs (pass, violation; for deadlines the due day, the day after, pending), and that every
 * rule id of rules.md is present.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { CaseDoc, CaseEvent, ExternalRecord } from '../model.ts';
import { chinaCalendar } from '../calendar/index.ts';
import { builtInPackIds, evaluateCaseDetailed, getTemplate, loadPack, ruleIds, renderFinding } from './index.ts';
import type { Pack, RuleDef, RuleExample } from './index.ts';

const calendar = chinaCalendar();

export const RULES_MD_IDS: Record<string, string[]> = {
  'cn-apl-2021': [
    'cn.apl.33.no-penalty', 'cn.apl.33.first-offense', 'cn.apl.36.limitation', 'cn.apl.42.two-officers', 'cn.apl.44.notice',
    'cn.apl.45.no-heavier', 'cn.apl.47.record', 'cn.apl.51.simple-limits', 'cn.apl.55.credential', 'cn.apl.57.collective',
    'cn.apl.58.legal-review', 'cn.apl.60.decision', 'cn.apl.61.service', 'cn.apl.63.hearing-right', 'cn.apl.64.request-window',
    'cn.apl.64.hearing-notice', 'cn.apl.48.withdraw', 'cn.gbf118.publish', 'cn.gbf118.review-independence',
    'cn.samr.18.filing', 'cn.samr.extension',
  ],
  'it-road-fines': [
    'it.roadfines.send-90d', 'it.roadfines.appeal-prefecture-60d', 'it.roadfines.appeal-judge-60d', 'it.roadfines.penalty-60d',
    'it.roadfines.collection-unpaid', 'it.roadfines.order.notification', 'it.roadfines.order.penalty',
    'it.roadfines.order.send-appeal', 'it.roadfines.order.result', 'it.roadfines.order.notify-result', 'it.roadfines.end-without-send',
  ],
};

/** Builds the example's case: defaults (id EX-1, agency EX, market, general, org) and date-only `at` at 10:00 local. */
export function exampleCase(pack: Pack, ex: RuleExample): CaseDoc {
  const offset = pack.timezone === 'own-offset' ? '+01:00' : '+08:00';
  const events = (ex.case.events ?? []).map((e, i) =>
    Object.assign({ id: `e${i + 1}` }, e, { at: e.at.length === 10 ? `${e.at}T10:00:00${offset}` : e.at })) as CaseEvent[];
  return { id: 'EX-1', agency: 'EX', domain: 'market', procedure: 'general', party: { type: 'org' }, ...ex.case, events } as CaseDoc;
}

export function runExample(pack: Pack, rule: RuleDef, ex: RuleExample) {
  const only: Pack = { ...pack, rules: [rule] };
  const reg = ex.registry;
  return evaluateCaseDetailed(exampleCase(pack, ex), [only], {
    asOf: ex.asOf ?? '2026-12-31',
    calendar,
    ...(ex.records ? { records: ex.records as unknown as ExternalRecord[] } : {}),
    ...(reg ? { registry: { personCredentialValid: (code: string) => reg[code] } } : {}),
    ...(ex.params ? { params: ex.params } : {}),
  });
}

for (const id of builtInPackIds()) {
  const pack = loadPack(id);
  describe(`pack ${id}`, () => {
    test('has every rule id of rules.md', () => {
      const have = new Set(ruleIds(pack));
      for (const rid of RULES_MD_IDS[id] ?? []) assert.ok(have.has(rid), `missing rule ${rid}`);
    });
    for (const rid of ruleIds(pack)) {
      const versions = pack.rules.filter((r) => r.id === rid);
      test(`${rid}: required examples`, () => {
        const kinds = new Set(versions.flatMap((v) => v.examples.map((e) => e.kind)));
        assert.ok(kinds.has('pass'), `${rid}: no passing example`);
        assert.ok(kinds.has('violation') || kinds.has('day-after'), `${rid}: no violating example`);
        for (const v of versions) {
          const t = getTemplate(v.template)!;
          if (t.deadline?.(t.params.parse(v.params))) {
            for (const k of ['due-day', 'day-after', 'pending'] as const) {
              assert.ok(v.examples.some((e) => e.kind === k), `${v.source}: deadline rule needs a '${k}' example`);
            }
          }
        }
      });
      for (const v of versions) {
        v.examples.forEach((ex, i) => {
          test(`${rid} @${v.effective.from} example ${i + 1} (${ex.kind}${ex.name ? `: ${ex.name}` : ''})`, () => {
            const res = runExample(pack, v, ex);
            const where = `${v.source} examples.${i}`;
            assert.equal(res.checked.includes(rid), ex.checked ?? true, `${where}: checked`);
            assert.equal(res.findings.length, ex.expect.length, `${where}: findings ${JSON.stringify(res.findings)}`);
            ex.expect.forEach((want, k) => {
              const got = res.findings[k]! as unknown as Record<string, unknown>;
              for (const [key, val] of Object.entries(want)) assert.deepEqual(got[key], val, `${where}: finding ${k}.${key}`);
              for (const lang of ['zh-CN', 'en'] as const) {
                const msg = renderFinding(res.findings[k]!, lang, [pack]);
                assert.ok(msg.includes(v.quote) && !msg.includes('{'), `${where}: rendered ${msg}`);
              }
            });
          });
        });
      }
    }
  });
}

test('rules.md lists no id the suite does not know', () => {
  const md = readFileSync(new URL('../../../../fixtures/spec/rules.md', import.meta.url), 'utf8');
  const ids = [...md.matchAll(/^\| `((?:cn|it)\.[a-z0-9.-]+)`/gm)].map((m) => m[1]!);
  const known = new Set(Object.values(RULES_MD_IDS).flat());
  assert.ok(ids.length >= 32);
  for (const rid of ids) assert.ok(known.has(rid), `rules.md id ${rid} not in the conformance list`);
});
