/**
 * The scaffolding of the browser tests (*.e2e.test.ts, e2e.test.ts): the real server in-process on a fresh test
 * database with the demo province (300 cases), the built web UI (packages/web/dist), and Debian's chromium driven by
 * playwright-core. Screenshots go to test-artifacts/web/.
 *
 * With CI=true a missing chromium FAILS the run (`requireChromium`); elsewhere the suites skip (`e2eSkip`).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { buildServer } from '@kaohe/server';
import { loadConfig, seedDemo } from '@kaohe/app';
import { createTestDb, TEST_CIPHER } from '@kaohe/store/testing';
import type { Db } from '@kaohe/store';
import { DIST, ROOT, WEB, ensureWebBuilt } from '../../../scripts/web-build.mjs';

export { DIST, ROOT, WEB };
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CI = process.env.CI === 'true' || process.env.CI === '1';
/** the password of the accounts the tests create */
export const PASSWORD = 'Kaohe-E2e-Pass-2026!';

const chromiumMissing = !existsSync(CHROMIUM);
/** the `skip` of a browser suite: a reason when chromium is missing outside CI, else false */
export const e2eSkip: string | false = chromiumMissing && !CI ? `chromium not found at ${CHROMIUM}` : false;

/** Fails when chromium is missing (reached only with CI=true, where the suite is not skipped). */
export function requireChromium(): void {
  if (chromiumMissing) assert.fail(`chromium not found at ${CHROMIUM} (CI=true: a missing browser fails the run; apt-get install chromium)`);
}

/** vite build when dist is missing or older than the sources (scripts/test.mjs already did it once for the run). */
export function ensureBuilt(): void {
  ensureWebBuilt();
}

export interface E2eOptions {
  /** more data after the demo province is loaded (accounts, cases), before the server starts */
  seed?: (db: Db) => Promise<void>;
  /** more options of the browser context (e.g. acceptDownloads) */
  context?: BrowserContextOptions;
}

export interface E2e {
  /** the server's address, http://127.0.0.1:<port> */
  base: string;
  db: Db;
  browser: Browser;
  context: BrowserContext;
  /** close the browser, the server and the database */
  stop(): Promise<void>;
}

/** Everything a browser suite needs, in its `before`: chromium present, dist built, a seeded database, server, browser. */
export async function startE2e(opts: E2eOptions = {}): Promise<E2e> {
  requireChromium();
  ensureBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });

  const t = await createTestDb();
  const closers: (() => Promise<void>)[] = [() => t.cleanup()];
  const stop = async () => { for (const c of closers.splice(0).reverse()) await c(); };
  try {
    await seedDemo(t.db, { cases: 300, cipher: TEST_CIPHER });
    await opts.seed?.(t.db);

    const config = loadConfig({ KAOHE_DEV_KEYS: '1' }, { dbDir: join(tmpdir(), 'kaohe-e2e-unused') });
    const app = await buildServer({ db: t.db, config, webRoot: DIST, security: { loginRateLimit: 10_000, publicRateLimit: 10_000 } });
    closers.push(() => app.close());
    const base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    closers.push(() => browser.close());
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 }, ...opts.context });
    closers.push(() => context.close());
    return { base, db: t.db, browser, context, stop };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}

/**
 * Sign in on a fresh page, in Chinese: closes the pages a failed test may have left and clears the session first.
 * @returns the page, showing the signed-in home
 */
export async function signIn(context: BrowserContext, base: string, username: string, password: string): Promise<Page> {
  for (const p of context.pages()) await p.close();
  await context.clearCookies();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[browser ${username}]`, e.message));
  await page.goto(`${base}/`);
  await page.evaluate(() => localStorage.setItem('kaohe.lang', 'zh'));
  await page.reload();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor({ timeout: 15_000 });
  return page;
}

/** A full-page screenshot to test-artifacts/web/<name>.png. */
export const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
