/** Issue 11 item 10: a deadline message states the period actually applied (an on-site decision: the same day). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderFinding } from './render.ts';
import type { Finding } from './types.ts';

const late = (days: number, unit: string): Finding => ({
  case: 'SJ-1', agency: '330100-SCJG', rule: 'cn.apl.61.service', status: 'violated', code: 'deadline.late',
  dueOn: '2026-03-02', actOn: '2026-03-03', fields: { days, unit, from: '当场作出处罚决定', fromOn: '2026-03-02', to: '送达' },
});

test('a 0-day period reads "the same day", a 7-day one "7 working days from"', () => {
  const zh0 = renderFinding(late(0, 'working'), 'zh-CN');
  assert.doesNotMatch(zh0, /0 个工作日/);
  assert.match(zh0, /当场作出处罚决定（2026-03-02）当日/);
  assert.match(renderFinding(late(0, 'working'), 'en'), /the same day as 当场作出处罚决定, 2026-03-02/);
  assert.doesNotMatch(renderFinding(late(0, 'working'), 'en'), /0 working days/);
  // 7 working days: the wording of art. 61 (七日内) with the count and the day it runs from
  assert.match(renderFinding(late(7, 'working'), 'zh-CN'), /自 当场作出处罚决定（2026-03-02）起 7 个工作日/);
  assert.match(renderFinding(late(7, 'calendar'), 'en'), /7 calendar days from 当场作出处罚决定 on 2026-03-02/);
  const missing = renderFinding({ ...late(0, 'working'), code: 'deadline.missing', actOn: undefined }, 'zh-CN');
  assert.doesNotMatch(missing, /0 个工作日/);
});
