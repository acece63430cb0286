/**
 * Browser tests of the registry edit forms and the role homes (issue #5), against the real server in-process on a
 * fresh test database with the demo province, driven by playwright-core with Debian's chromium (as e2e.test.ts).
 * Screenshots go to test-artifacts/web/registry-*.png and home-*.png; the scaffolding is in harness.ts.
 *
 * With CI=true a missing chromium FAILS the run; elsewhere it skips.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { BrowserContext, Page } from 'playwright-core';
import { seedDemoAccounts, DEMO_PASSWORD } from '@kaohe/server';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { importBatch } from '@kaohe/app';
import type { Db } from '@kaohe/store';
import { e2eSkip, shot, signIn as signInAs, startE2e } from './harness.ts';

/** A local date `days` from today in Asia/Shanghai. */
const dayFromToday = (days: number): string => new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });

describe('registry edits and role homes in chromium', { skip: e2eSkip, timeout: 600_000 }, () => {
  let context: BrowserContext;
  let base = '';
  let stop: (() => Promise<void>) | null = null;
  let password = '';
  let region = '';
  let db: Db;

  before(async () => {
    ({ base, context, db, stop } = await startE2e({
      seed: async (db) => {
        await seedDemoAccounts(db);
        password = DEMO_PASSWORD;
        region = String((await db.query(`SELECT region_code FROM users WHERE username = 'supervisor'`)).rows[0]!.region_code);
        // a major case of the legal reviewer's department, opened and sent to review, not decided: it awaits the review
        const agency = String((await db.query(`SELECT agency_id FROM users WHERE username = 'scjg-review'`)).rows[0]!.agency_id);
        const file = join(tmpdir(), `kaohe-e2e-review-${process.pid}.jsonl`);
        const opened = dayFromToday(-20);
        writeFileSync(file, JSON.stringify({
          schema: 'kaohe.case/v1', id: 'E2E-LR-0001', agency, domain: 'market', procedure: 'general', major: true, party: { type: 'person', name: '王大明' },
          events: [{ id: 'e1', type: 'case.opened', at: `${opened}T09:00:00+08:00` }, { id: 'e2', type: 'review.submitted', at: `${dayFromToday(-2)}T09:00:00+08:00` }],
        }) + '\n');
        const r = await importBatch(db, [file], { user: 'e2e', cipher: TEST_CIPHER });
        rmSync(file, { force: true });
        assert.equal(r.status, 'committed');
      },
    }));
  });

  after(async () => { await stop?.(); });

  const signIn = (username: string): Promise<Page> => signInAs(context, base, username, password);
  const audited = async (action: string, actor: string, target: string) =>
    (await db.query('SELECT 1 FROM audit_log WHERE action = $1 AND actor = $2 AND target = $3', [action, actor, target])).rows.length;

  it('the supervisor adds an agency; an invalid region code shows its error under the field', async () => {
    const page = await signIn('supervisor');
    await page.goto(`${base}/#/registries/agencies`);
    await page.getByTestId('agencies-table').waitFor();
    await page.getByTestId('agency-add').click();
    const form = page.getByTestId('agency-form');
    await form.waitFor();
    await form.getByLabel('部门代码').fill('E2E-JT');
    await form.getByLabel('部门名称').fill('端到端测试交通运输局');
    await form.getByLabel('行政区划代码').fill('3301');
    await page.getByTestId('agency-form-save').click();
    const err = form.getByText('行政区划代码应为 6 位数字，如 330106');
    await err.waitFor();
    await shot(page, 'registry-agency-error');
    await form.getByLabel('行政区划代码').fill(region);
    await page.getByTestId('agency-form-save').click();
    await page.getByTestId('agency-form').waitFor({ state: 'detached' });
    await page.getByPlaceholder('编码 / 名称').fill('E2E-JT');
    await page.getByPlaceholder('编码 / 名称').press('Enter');
    await page.getByTestId('agencies-table').getByText('端到端测试交通运输局').waitFor();
    await page.getByTestId('agency-form').waitFor({ state: 'detached' });
    await shot(page, 'registry-agency-added');
    assert.equal(await audited('registry.agency.create', 'supervisor', 'agency:E2E-JT'), 1, 'the creation is audited');
  });

  it('the supervisor adds an item with its benchmark tiers; a tier outside the statutory range is refused under the field', async () => {
    const page = await signIn('supervisor');
    await page.goto(`${base}/#/registries/items`);
    await page.getByTestId('items-table').waitFor();
    await page.getByTestId('item-add').click();
    const form = page.getByTestId('item-form');
    await form.waitFor();
    await form.getByLabel('事项编码').fill('E2E-SC-1');
    await form.getByLabel('事项名称').fill('端到端测试：销售不合格产品');
    await form.getByLabel('处罚依据').fill('《中华人民共和国产品质量法》第四十九条');
    await form.getByLabel('罚款下限（元）').fill('5000');
    await form.getByLabel('罚款上限（元）').fill('50000');
    await page.getByTestId('tier-add').click();
    const tier = form.getByTestId('tier-0');
    await tier.getByLabel('阶次名称').fill('从轻');
    await tier.getByLabel('下限', { exact: true }).fill('5000');
    await tier.getByLabel('上限', { exact: true }).fill('80000');
    await page.getByTestId('item-form-save').click();
    await tier.getByText(/裁量阶次第 1 档的上限：裁量阶次 5000–80000 超出法定罚款幅度 5000–50000/).waitFor({ timeout: 15_000 });
    await shot(page, 'registry-item-tier-error');
    await tier.getByLabel('上限', { exact: true }).fill('20000');
    await page.getByTestId('item-form-save').click();
    await page.getByTestId('item-form').waitFor({ state: 'detached' });
    await page.getByPlaceholder('编码 / 名称').fill('E2E-SC-1');
    await page.getByPlaceholder('编码 / 名称').press('Enter');
    await page.getByTestId('items-table').getByText('端到端测试：销售不合格产品').waitFor();
    assert.equal(await audited('registry.item.create', 'supervisor', 'item:E2E-SC-1'), 1);
  });

  it('the department admin edits a credential: a reversed validity is refused by the server under the field, then saved and shown as expiring', async () => {
    const page = await signIn('scjg-admin');
    await page.goto(`${base}/#/registries/people`);
    const table = page.getByTestId('people-table');
    const edit = table.locator('[data-testid^="person-edit-"]').first();
    await edit.waitFor({ timeout: 20_000 });
    const code = (await edit.getAttribute('data-testid'))!.replace('person-edit-', '');
    await edit.click();
    const form = page.getByTestId('person-form');
    await form.waitFor();
    const setDate = async (label: string, d: string) => {
      const input = form.getByLabel(label, { exact: true });
      await input.click();
      await input.fill(d);
      await input.press('Enter');
    };
    await form.getByLabel('执法证号').fill(`ZJ-E2E-${code}`);
    await setDate('有效期起', '2026-01-01');
    await setDate('有效期止', '2025-12-31');
    await form.getByLabel('发证机关').fill('浙江省人民政府');
    await page.getByTestId('person-form-save').click();
    // the server's reason, placed under 有效期止, names the field
    await form.getByText(/执法证有效期止：起始值 2026-01-01 晚于（大于）截止值 2025-12-31/).waitFor({ timeout: 15_000 });
    await shot(page, 'registry-person-credential-error');
    const soon = dayFromToday(10);
    await setDate('有效期止', soon);
    await page.getByTestId('person-form-save').click();
    await page.getByTestId('person-form').waitFor({ state: 'detached' });
    await page.getByPlaceholder('编码 / 名称').fill(code);
    await page.getByPlaceholder('编码 / 名称').press('Enter');
    const cell = table.getByTestId('credential-cell').filter({ hasText: `ZJ-E2E-${code}` });
    await cell.waitFor();
    assert.equal(await cell.getAttribute('data-state'), 'expiring', 'a credential ending within 30 days is highlighted');
    assert.match(await cell.innerText(), /即将到期/);
    await shot(page, 'registry-person-credential-saved');
    assert.equal(await audited('registry.person.update', 'scjg-admin', `person:${code}`), 1, 'the change is audited');
    const row = (await db.query('SELECT credential_number, credential_valid_to::text AS to, credential_issuer FROM people WHERE code = $1', [code])).rows[0]!;
    assert.deepEqual([row.credential_number, row.to, row.credential_issuer], [`ZJ-E2E-${code}`, soon, '浙江省人民政府']);
    // a department admin registers people but not agencies
    await page.goto(`${base}/#/registries/agencies`);
    await page.getByTestId('agencies-table').waitFor();
    assert.equal(await page.getByTestId('agency-add').count(), 0);
  });

  it('the supervisor loads a holiday schedule and sees how many provisional cases were evaluated again', async () => {
    const page = await signIn('supervisor');
    await page.goto(`${base}/#/registries/calendars`);
    await page.getByTestId('calendars-table').waitFor();
    await page.getByTestId('calendar-load').click();
    const form = page.getByTestId('calendar-form');
    await form.waitFor();
    await form.getByLabel('年份').fill('2027');
    await form.getByLabel('法定节假日').fill('2027-01-01\n2027-01-02\n2027-01-03');
    await form.getByLabel('调休工作日（周六、周日上班）').fill('2027-01-04');
    await page.getByTestId('calendar-form-save').click();
    await form.getByText(/2027-01-04 是工作日，调休上班日只能是周六或周日/).waitFor();
    await form.getByLabel('调休工作日（周六、周日上班）').fill('');
    await form.getByLabel('来源文件').fill('端到端测试：2027 年节假日安排');
    await page.getByTestId('calendar-form-save').click();
    const result = page.getByTestId('calendar-result');
    await result.waitFor({ timeout: 60_000 });
    assert.match(await result.innerText(), /已载入 2027 年安排，重新评估暂定案件 \d+ 件/);
    await page.getByTestId('calendars-table').getByText('端到端测试：2027 年节假日安排').waitFor();
    await page.getByTestId('calendar-form').waitFor({ state: 'detached' });
    await shot(page, 'registry-calendar-loaded');
  });

  it('a legal reviewer signs in to the legal-review desk: the queue and the legal-review warnings, linked to the cases', async () => {
    const page = await signIn('scjg-review');
    await page.getByTestId('legal-reviewer-home').waitFor();
    const queue = page.getByTestId('legal-queue');
    await queue.waitFor();
    await page.getByText('待法制审核案件').waitFor();
    await page.getByText('法制审核相关预警').waitFor();
    await page.getByTestId('warnings-table').waitFor();
    await page.waitForTimeout(500);
    const expected = Number((await db.query(`SELECT count(*) AS n FROM cases c JOIN users u ON u.username = 'scjg-review' AND u.agency_id = c.agency_id
      WHERE NOT c.stub AND c.opened_on IS NOT NULL AND c.decided_on IS NULL AND (c.major OR c.complex OR EXISTS (SELECT 1 FROM events e WHERE e.agency_id = c.agency_id AND e.case_id = c.case_id AND e.type = 'hearing.held'))
        AND NOT EXISTS (SELECT 1 FROM events e WHERE e.agency_id = c.agency_id AND e.case_id = c.case_id AND (e.type IN ('case.closed', 'case.declined') OR (e.type = 'review.completed' AND e.attrs->>'result' = 'passed')))`)).rows[0]!.n);
    const rows = queue.locator('tbody tr.ant-table-row');
    assert.equal(await rows.count(), Math.min(expected, 10), 'the queue lists the department\'s cases awaiting review');
    const mine = rows.filter({ hasText: 'E2E-LR-0001' });
    assert.match(await mine.innerText(), /重大执法决定[\s\S]*待审核/);
    assert.match(await mine.innerText(), /王某/, 'the party is masked');
    await shot(page, 'home-legal-reviewer');
    assert.ok((await mine.locator('a').first().getAttribute('href'))?.startsWith('#/cases/'), 'a queued case links to its case page');
    await mine.locator('a').first().click();
    await page.getByTestId('case-timeline').waitFor();
  });

  it('the file reviewer and the evaluator have homes of their own', async () => {
    let page = await signIn('file-reviewer');
    await page.getByTestId('file-reviewer-home').waitFor();
    assert.match(await page.getByTestId('file-reviewer-notice').innerText(), /后续版本/);
    await page.getByTestId('review-checklist').locator('tbody tr.ant-table-row').first().waitFor();
    await shot(page, 'home-file-reviewer');
    page = await signIn('evaluator');
    await page.getByTestId('evaluator-home').waitFor();
    await page.getByTestId('evaluator-runs').waitFor();
    await shot(page, 'home-evaluator');
  });
});
