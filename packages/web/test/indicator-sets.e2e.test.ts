/**
 * Browser test of the indicator-set editor (指标体系) against the real server (in-process, fresh test database, demo
 * data), driven by playwright-core with Debian's chromium, like e2e.test.ts: a supervisor opens 指标体系 from the
 * assessment cockpit, starts a draft from the set in force, re-weights an indicator with a reason, sees the
 * validation error of a bad group weight in the dialog, previews the draft next to the set in force, and publishes it
 * for the next quarter; a department then reads the published version. Screenshots go to test-artifacts/web/; the
 * scaffolding is in harness.ts. With CI=true a missing chromium FAILS the run; elsewhere it skips.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { createUser } from '@kaohe/server';
import { PASSWORD, e2eSkip, shot, signIn as signInAs, startE2e } from './harness.ts';

/** The quarter after today's in Asia/Shanghai, and its first day. */
function nextQuarter(): { q: string; from: string } {
  const d = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  let y = Number(d.slice(0, 4)), q = Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 2;
  if (q > 4) { q = 1; y++; }
  return { q: `${y}Q${q}`, from: `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01` };
}

describe('indicator-set editor in chromium', { skip: e2eSkip, timeout: 600_000 }, () => {
  let context: BrowserContext;
  let base = '';
  let stop: (() => Promise<void>) | null = null;
  const accounts: Record<string, { username: string; password: string }> = {};

  before(async () => {
    ({ base, context, stop } = await startE2e({
      seed: async (db) => {
        // the supervisor of the region with the most departments, a department admin in it
        const ag = await db.query(`SELECT code, region_code AS region FROM agencies ORDER BY region_code, code LIMIT 1`);
        const region = String(ag.rows[0]?.region ?? '');
        const city = region.slice(0, 4) + '00';
        assert.ok(region, 'the demo has agencies');
        await createUser(db, { username: 'e2e-sets-sup', name: '监督科', roles: ['supervisor'], region: city, password: PASSWORD, mustChangePassword: false });
        await createUser(db, { username: 'e2e-sets-admin', name: '法制科', roles: ['agency-admin'], agency: String(ag.rows[0]!.code), password: PASSWORD, mustChangePassword: false });
        accounts.supervisor = { username: 'e2e-sets-sup', password: PASSWORD };
        accounts['agency-admin'] = { username: 'e2e-sets-admin', password: PASSWORD };
      },
    }));
  });

  after(async () => { await stop?.(); });

  async function signIn(role: string): Promise<Page> {
    const a = accounts[role]!;
    return signInAs(context, base, a.username, a.password);
  }
  let published = '';

  it('supervisor: drafts from the set in force, re-weights with a reason, sees a bad weight refused, previews, publishes for the next quarter', async () => {
    const page = await signIn('supervisor');
    await page.goto(`${base}/#/assessments`);
    await page.getByTestId('open-indicator-sets').click();
    const list = page.getByTestId('sets-table');
    await list.locator('tbody tr.ant-table-row').first().waitFor();
    assert.ok((await list.innerText()).includes('cn-2026Q1'), 'the shipped versions are listed');
    assert.ok((await list.innerText()).includes('现行'), 'the version in force is marked');
    await shot(page, 'indicator-sets-list');

    // a draft from the version in force
    await page.getByTestId('new-draft').click();
    await page.getByRole('dialog').getByRole('button', { name: /提\s*交/ }).click();
    const editor = page.getByTestId('draft-editor');
    await editor.waitFor({ timeout: 15_000 });
    await page.getByTestId('weight-tree').locator('tbody tr.ant-table-row').first().waitFor();
    assert.equal(await page.getByTestId('weight-objective').innerText(), '80 分');
    assert.match(await page.getByTestId('weight-common').innerText(), /^60%/);

    // re-weight an indicator with its reason
    await page.getByTestId('reweight-record.av').click();
    const rw = page.getByTestId('reweight-dialog');
    await rw.waitFor();
    await page.getByTestId('weight-input-record.av').fill('12');
    await page.getByTestId('op-submit').click();
    await rw.getByText('请填写调整理由').waitFor(); // the reason is required before anything is sent
    await page.getByTestId('op-reason').fill('执法记录仪已全面配备，提高音像记录保存规范率的权重');
    await page.getByTestId('op-submit').click();
    await rw.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByTestId('weight-record.av').getByText('组内 12').waitFor();
    const log = page.getByTestId('change-log');
    await log.getByText('执法记录仪已全面配备').waitFor();
    assert.match(await log.innerText(), /record\.av[\s\S]*10 → 12/);

    // a group re-weighted alone: common 70 + domain 40 ≠ 100 — refused, the field and the reason shown in the dialog
    await page.getByTestId('reweight-common').click();
    const bad = page.getByTestId('reweight-dialog');
    await bad.waitFor();
    await page.getByTestId('weight-input-common').fill('70');
    await page.getByTestId('op-reason').fill('通用指标更重要');
    await page.getByTestId('op-submit').click();
    const err = page.getByTestId('op-error');
    await err.waitFor({ timeout: 15_000 });
    const text = await err.innerText();
    assert.match(text, /weights\[objective\]\.children/, 'the field');
    assert.match(text, /须合计 100%/, 'the reason, in Chinese');
    await shot(page, 'indicator-set-validation-error');
    await page.getByRole('dialog').getByRole('button', { name: /取\s*消/ }).click();
    await bad.waitFor({ state: 'detached' });
    assert.match(await page.getByTestId('weight-common').innerText(), /^60%/, 'nothing changed');
    await shot(page, 'indicator-set-draft');

    // preview on the current data, next to the set in force
    await page.getByTestId('preview-run').click();
    const cmp = page.getByTestId('preview-compare');
    await cmp.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 120_000 });
    assert.ok((await cmp.locator('tbody tr.ant-table-row').count()) > 1, 'the departments are ranked');
    const head = await cmp.locator('thead').innerText();
    assert.match(head, /草稿 cn-\d{4}Q[1-4]/);
    assert.match(head, /现行 cn-2026Q2/);
    await page.getByTestId('preview-moved').waitFor();
    await page.getByTestId('draft-preview').scrollIntoViewIfNeeded();
    await shot(page, 'indicator-set-preview');
    // a draft figure opens the cases behind it (recounted under the draft's definition by the draft's endpoint)
    await cmp.locator('tbody tr.ant-table-row').first().locator('button.ant-table-row-expand-icon').click();
    const drillResp = page.waitForResponse((r) => /\/indicator-sets\/drafts\/\d+\/indicators\//.test(r.url()));
    await cmp.locator('[data-testid^="drill-"]').first().click();
    assert.equal((await drillResp).status(), 200);
    const draftDrill = page.getByTestId('drilldown-table');
    await draftDrill.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 });
    assert.ok((await draftDrill.locator('tbody tr.ant-table-row a').first().getAttribute('href'))?.startsWith('#/cases/'), 'a draft figure drills down to its cases');
    await page.keyboard.press('Escape');
    await draftDrill.waitFor({ state: 'hidden' });

    // publish: confirmed, naming the quarter it takes effect
    const next = nextQuarter();
    await page.getByTestId('draft-publish').click();
    const dlg = page.getByTestId('publish-dialog');
    await dlg.waitFor();
    published = await page.getByTestId('publish-version').inputValue();
    assert.equal(published, `cn-${next.q}`);
    const confirm = await page.getByTestId('publish-confirm').innerText();
    const [y, m] = next.from.split('-').map(Number);
    assert.ok(confirm.includes(next.q) && confirm.includes(`${y}年${m}月1日`), confirm);
    assert.match(confirm, /不可修改/);
    await shot(page, 'indicator-set-publish-confirm');
    await page.getByTestId('publish-ok').click();
    await page.waitForURL(new RegExp(`#/assessments/sets/${published}$`), { timeout: 30_000 });
    const view = page.getByTestId('set-view');
    await view.waitFor();
    assert.match(await view.innerText(), /本地发布/);
    await page.getByTestId('change-log').getByText('执法记录仪已全面配备').waitFor();
    await shot(page, 'indicator-set-published');
    await context.clearCookies();
    await page.close();
  });

  it('a department reads the published version; it cannot edit', async () => {
    assert.ok(published, 'published by the previous test');
    const page = await signIn('agency-admin');
    await page.goto(`${base}/#/assessments/sets`);
    const list = page.getByTestId('sets-table');
    await list.getByText(published).waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('new-draft').count(), 0, 'no drafts for a department');
    await list.getByText(published).click();
    await page.getByTestId('set-view').waitFor();
    await page.getByTestId('weight-record.av').getByText('组内 12').waitFor();
    assert.equal(await page.getByTestId('reweight-record.av').count(), 0, 'read-only');
    await shot(page, 'indicator-set-department');
    await context.clearCookies();
    await page.close();
  });
});
