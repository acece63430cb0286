/**
 * Browser tests of the web app against the real server (in-process, fresh test database, demo data), driven by
 * playwright-core with Debian's chromium (the scaffolding is in harness.ts). Screenshots of the main pages go to
 * test-artifacts/web/. With CI=true a missing chromium FAILS the run; elsewhere it skips.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { BrowserContext, Page } from 'playwright-core';
import { createUser, seedDemoAccounts, DEMO_PASSWORD, type Role } from '@kaohe/server';
import { PASSWORD, e2eSkip, shot, signIn as signInAs, startE2e } from './harness.ts';

interface Account { username: string; password: string; roles: string[]; agency?: string | null; region?: string | null; }

describe('web app in chromium', { skip: e2eSkip, timeout: 600_000 }, () => {
  let context: BrowserContext;
  let base = '';
  let stop: (() => Promise<void>) | null = null;
  const accounts: Record<string, Account> = {};
  let agencyCode = '';

  before(async () => {
    ({ base, context, stop } = await startE2e({
      context: { acceptDownloads: true },
      seed: async (db) => {
        for (const a of await seedDemoAccounts(db)) accounts[a.role] ??= { username: a.username, password: DEMO_PASSWORD, roles: [a.role] };

        // the department with the most open warnings gets its own agency-admin account (the demo's department account
        // may have none in a small demo); the other roles use the demo accounts
        const ag = await db.query(`SELECT w.agency_id AS code, a.region_code AS region FROM warnings w JOIN agencies a ON a.code = w.agency_id
          WHERE w.state = 'open' GROUP BY w.agency_id, a.region_code ORDER BY count(*) DESC, w.agency_id LIMIT 1`);
        agencyCode = String(ag.rows[0]?.code ?? '');
        const region = String(ag.rows[0]?.region ?? '');
        assert.ok(agencyCode, 'the demo data has open warnings');
        delete accounts['agency-admin'];
        const mk = async (role: Role, extra: { agency?: string; region?: string }) => {
          if (accounts[role]) return;
          const username = `e2e-${role}`;
          await createUser(db, { username, name: `测试${role}`, roles: [role], password: PASSWORD, mustChangePassword: false, ...extra });
          accounts[role] = { username, password: PASSWORD, roles: [role], ...extra };
        };
        await mk('supervisor', { region });
        await mk('agency-admin', { agency: agencyCode });
        await mk('secadmin', {});
        await mk('auditor', {});
        await createUser(db, { username: 'e2e-newcomer', name: '新用户', roles: ['officer'], agency: agencyCode, password: PASSWORD, mustChangePassword: true });
      },
    }));
  });

  after(async () => { await stop?.(); });

  async function signIn(role: string): Promise<Page> {
    const a = accounts[role];
    assert.ok(a, `no account for role ${role}`);
    return signInAs(context, base, a.username, a.password);
  }
  async function signOut(page: Page): Promise<void> {
    await context.clearCookies();
    await page.close();
  }

  it('shows the login page in Chinese and refuses a wrong password in the current language', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    assert.equal(await page.title(), '考核 · 行政执法监督平台');
    assert.equal(await page.locator('meta[name="renderer"]').getAttribute('content'), 'webkit');
    await page.getByLabel('用户名').fill(accounts['supervisor']!.username);
    await page.getByLabel('密码', { exact: true }).fill('wrong-password-1');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    assert.match(await page.getByTestId('login-error').innerText(), /[\u4e00-\u9fff]/, 'error message in Chinese');
    await shot(page, 'login');
    await page.close();
  });

  it('forces a password change when mustChangePassword', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('用户名').fill('e2e-newcomer');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('修改密码').first().waitFor();
    await dialog.getByLabel('当前密码').fill(PASSWORD);
    await dialog.getByLabel('新密码', { exact: true }).fill('Fresh-Start-Pass-2026#');
    await dialog.getByLabel('确认新密码').fill('Fresh-Start-Pass-2026#');
    await shot(page, 'forced-password-change');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await signOut(page);
  });

  it('supervisor: cockpit, warning centre, case page with timeline', async () => {
    const page = await signIn('supervisor');
    await page.getByTestId('cockpit').waitFor();
    await page.getByTestId('status-cards').waitFor();
    await page.locator('canvas').first().waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'cockpit');

    await page.goto(`${base}/#/warnings`);
    const table = page.getByTestId('warnings-table');
    await table.locator('tbody tr.clickable-row').first().waitFor({ timeout: 20_000 });
    await shot(page, 'warning-centre');
    const href = await table.locator('tbody tr.clickable-row a').first().getAttribute('href');
    assert.ok(href?.startsWith('#/cases/'), 'a warning links its case');
    await page.goto(`${base}/${href}`);
    await page.getByTestId('case-timeline').waitFor();
    assert.ok((await page.locator('.ant-timeline-item').count()) > 0, 'the case has events');
    await page.getByTestId('reveal').waitFor();
    await shot(page, 'case-page');
    await signOut(page);
  });

  it('agency admin: imports a file with a bad row and sees the row error', async () => {
    const page = await signIn('agency-admin');
    await page.getByTestId('agency-todo').waitFor();
    await shot(page, 'agency-todo');
    await page.goto(`${base}/#/imports`);
    await page.getByTestId('import-centre').waitFor();
    const good = { schema: 'kaohe.case/v1', id: 'E2E-0001', agency: agencyCode, domain: 'market', procedure: 'general', party: { type: 'org', name: '测试有限公司' }, events: [{ id: 'e1', type: 'case.opened', at: '2026-03-09T10:00:00+08:00' }] };
    const bad = { ...good, id: 'E2E-0002', procedure: 'sideways' };
    const file = join(tmpdir(), `kaohe-e2e-${process.pid}.jsonl`);
    writeFileSync(file, `${JSON.stringify(good)}\n${JSON.stringify(bad)}\n`);
    await page.locator('input[type=file]').setInputFiles(file);
    const errors = page.getByTestId('import-errors');
    await errors.waitFor({ timeout: 30_000 });
    const row = errors.locator('tbody tr').first();
    assert.match(await row.innerText(), /procedure/, 'the error names the field');
    assert.match(await row.innerText(), /\b2\b/, 'the error names line 2');
    await shot(page, 'import-row-error');
    await signOut(page);
  });

  it('agency admin: opens a warning and answers it', async () => {
    const page = await signIn('agency-admin');
    await page.goto(`${base}/#/warnings`);
    const table = page.getByTestId('warnings-table');
    await table.locator('tbody tr.clickable-row').first().waitFor({ timeout: 20_000 });
    await table.locator('tbody tr.clickable-row').first().click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('法律依据').waitFor();
    await drawer.getByLabel('情况说明').check({ force: true });
    await drawer.getByLabel('答复内容').fill('经核查，该案送达延误系当事人地址变更所致，已补充送达回证。');
    await shot(page, 'warning-drawer');
    await drawer.getByTestId('answer-submit').click();
    await drawer.getByText('已答复').first().waitFor({ timeout: 15_000 });
    await signOut(page);
  });

  it('switches to English and shows English labels; the choice survives a reload', async () => {
    const page = await signIn('supervisor');
    await page.getByTestId('lang-switch').click();
    await page.getByRole('menuitem', { name: 'Warning centre' }).waitFor();
    await page.getByText('Data cockpit').waitFor();
    await page.reload();
    await page.getByRole('menuitem', { name: 'Warning centre' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.goto(`${base}/#/warnings`);
    await page.getByRole('columnheader', { name: 'Due day' }).waitFor();
    await shot(page, 'warning-centre-en');
    await page.getByTestId('lang-switch').click();
    await page.getByRole('menuitem', { name: '预警中心' }).waitFor();
    await signOut(page);
  });

  it('supervisor: runs the 2026 assessment as of the demo day, publishes it, opens a department and drills down to the cases', async () => {
    const page = await signIn('supervisor');
    await page.goto(`${base}/#/assessments`);
    const form = page.getByTestId('assessment-run-form');
    await form.waitFor();
    // defaults: the year of the demo day (today) and the demo day as the as-of date
    const year = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4);
    assert.match(await page.getByTestId('assessment-period').innerText(), new RegExp(`${year}年度`));
    await page.getByTestId('assessment-run').click();
    await page.getByTestId('preview-tag').waitFor({ timeout: 60_000 });
    const ranking = page.getByTestId('ranking-table');
    await ranking.locator('tbody tr.ant-table-row').first().waitFor();
    assert.ok((await ranking.locator('tbody tr.ant-table-row').count()) > 1, 'the ranking lists the departments');
    await page.getByTestId('targets-panel').waitFor();
    await page.getByTestId('department-grid').locator('canvas').waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'assessment-preview');

    // a preview's figure opens the cases behind it too (recounted from the preview's inputs)
    await ranking.locator('tbody tr.ant-table-row').first().locator('button.ant-table-row-expand-icon').click();
    await ranking.locator('[data-testid^="drill-"]').first().click();
    const previewDrill = page.getByTestId('drilldown-table');
    await previewDrill.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 });
    assert.ok((await previewDrill.locator('tbody tr.ant-table-row a').first().getAttribute('href'))?.startsWith('#/cases/'), 'a preview figure drills down to its cases');
    await page.keyboard.press('Escape');
    await previewDrill.waitFor({ state: 'hidden' });

    // publish, confirmed
    await page.getByTestId('assessment-publish').click();
    await page.getByTestId('publish-confirm').waitFor();
    // the publishing request itself, so that a refusal or a slow run says what happened
    const published = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/assessments', { timeout: 120_000 });
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /发布考核结果/ }).click();
    const res = await published;
    assert.equal(res.status(), 200, `publish answered ${res.status()}: ${(await res.text()).slice(0, 500)}`);
    await page.waitForURL(/#\/assessments\?run=\d+/, { timeout: 60_000 });
    await page.getByTestId('history-table').locator('tbody tr.ant-table-row').first().waitFor();
    await ranking.locator('tbody tr.ant-table-row').first().waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'assessment-cockpit');
    assert.ok(await page.getByTestId('export-individuals').first().getAttribute('href').then((h) => /format=xlsx/.test(h ?? '')), 'the individual sheet exports as XLSX');

    // the first-ranked department, its breakdown and the cases behind procedure.compliance
    await ranking.getByTestId('dept-link').first().click();
    const dept = page.getByTestId('department-page');
    await dept.waitFor();
    await dept.getByTestId('indicator-table').waitFor();
    await shot(page, 'assessment-department');
    await dept.getByTestId('drill-procedure.compliance').click();
    const drill = page.getByTestId('drilldown-table');
    await drill.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 });
    const href = await drill.locator('tbody tr.ant-table-row a').first().getAttribute('href');
    assert.ok(href?.startsWith('#/cases/'), 'a counted case links to its case page');
    await page.waitForTimeout(300);
    await shot(page, 'assessment-drilldown');
    await page.goto(`${base}/${href}`);
    await page.getByTestId('case-timeline').waitFor();
    await signOut(page);
  });

  it('agency admin: sees only the own department line of the published assessment', async () => {
    const page = await signIn('agency-admin');
    await page.goto(`${base}/#/assessments`);
    const ranking = page.getByTestId('ranking-table');
    await ranking.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 });
    assert.equal(await ranking.locator('tbody tr.ant-table-row').count(), 1, 'one department line');
    assert.equal(await page.getByTestId('assessment-run-form').count(), 0, 'no run form for a department');
    await shot(page, 'assessment-agency');
    await signOut(page);
  });

  it('registries, users (secadmin) and audit log (auditor) render', async () => {
    let page = await signIn('supervisor');
    for (const tab of ['agencies', 'people', 'items', 'calendars']) {
      await page.goto(`${base}/#/registries/${tab}`);
      await page.getByTestId(`${tab}-table`).waitFor();
      await page.waitForTimeout(300);
      await shot(page, `registry-${tab}`);
    }
    await signOut(page);
    page = await signIn('secadmin');
    await page.getByTestId('users-table').waitFor();
    await shot(page, 'users');
    await signOut(page);
    page = await signIn('auditor');
    await page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first().waitFor();
    await shot(page, 'audit');
    await signOut(page);
  });
});
