/**
 * End-to-end harness: the real server (in process, fresh in-memory SQLite with the demo
 * data, built web app from dist/web) driven by Debian's Chromium through playwright-core.
 *
 *   import { describeBrowser, useBrowser, loginAs, checkAccessibility, screenshot } from './support/browser.js';
 *
 *   describeBrowser('Demandes', () => {
 *     const ctx = useBrowser();                      // builds once, starts server + browser, one page per test
 *     it('dépose une demande', async () => {
 *       const page = ctx.page;
 *       await loginAs(page, 'entreprise@parcours.test');
 *       await page.goto('/demandes');
 *       await checkAccessibility(page);
 *       await screenshot(page, 'demandes-liste');
 *     });
 *   });
 *
 * Without /usr/bin/chromium the suite is skipped with a console message, unless
 * PARCOURS_TEST_BROWSER=1 (CI), which turns the absence into a failure.
 * PARCOURS_TEST_BROWSER=0 skips the browser suites on purpose.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createDatabase } from '../../../src/platform/db/database.js';
import { migrateToLatest } from '../../../src/server/migrate.js';
import { buildApp, type Api } from '../../../src/platform/http/app.js';
import type { AppConfig, AppContext, Clock } from '../../../src/platform/http/context.js';
import { startJobPoller } from '../../../src/platform/outbox/jobs.js';
import { loadDemoData } from '../../../src/demo/demoData.js';
import { DEMO_PASSWORD } from '../../../src/demo/organisations.js';
import { routeModules } from '../../../src/server/modules.js';
import { registerJobs } from '../../../src/server/jobs.js';

const run = promisify(execFile);

/**
 * How long a browser test may wait for something to appear, and a whole test to finish.
 * Every wait is on a condition (a heading shown, a request answered), so on a quiet machine
 * nothing waits for these bounds; they only stop a suite that truly hangs. They are
 * generous because a machine whose other cores are busy runs Chromium several times slower.
 */
export const PATIENCE = { step: 120_000, test: 900_000 } as const;

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_ROOT = path.join(ROOT, 'dist/web');
export const SCREENS_DIR = path.join(ROOT, 'test-results/screens');
export const CHROMIUM_PATH = process.env.PARCOURS_CHROMIUM ?? '/usr/bin/chromium';

const required = process.env.PARCOURS_TEST_BROWSER === '1';
const disabled = process.env.PARCOURS_TEST_BROWSER === '0';
/** Whether browser suites run in this process. */
export const browserAvailable = !disabled && (required || fs.existsSync(CHROMIUM_PATH));

let warned = false;
/**
 * describe() for browser suites: skipped (with one clear console message) when Chromium
 * is missing; failing when PARCOURS_TEST_BROWSER=1 and Chromium is missing.
 */
export function describeBrowser(name: string, body: () => void): void {
  if (required && !fs.existsSync(CHROMIUM_PATH)) {
    describe(name, () => {
      it('Chromium est requis (PARCOURS_TEST_BROWSER=1)', () => {
        throw new Error(`PARCOURS_TEST_BROWSER=1 mais Chromium est absent de ${CHROMIUM_PATH} (apt-get install chromium).`);
      });
    });
    return;
  }
  if (!browserAvailable) {
    if (!warned) {
      warned = true;
      console.warn(`\n[parcours] ${disabled ? 'PARCOURS_TEST_BROWSER=0' : `Chromium absent de ${CHROMIUM_PATH}`} : les suites navigateur (tests/e2e) sont IGNORÉES. Installez le paquet Debian « chromium » ou lancez avec PARCOURS_TEST_BROWSER=1 pour les exiger.\n`);
    }
    describe.skip(name, body);
    return;
  }
  describe(name, { timeout: PATIENCE.test }, body);
}

// ---- Build -------------------------------------------------------------------

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when dist/web is missing or older than web/ sources, vite.config.ts or the shared src files it imports. */
export function webBuildIsStale(): boolean {
  const index = path.join(WEB_ROOT, 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  const sources = [path.join(ROOT, 'web'), path.join(ROOT, 'vite.config.ts'), path.join(ROOT, 'src/platform/identity/roles.ts'), path.join(ROOT, 'src/shared')];
  return sources.some((s) => newestMtime(s) > built);
}

const LOCK = path.join(ROOT, 'dist/.web-build.lock');

/**
 * Builds the web app (`npm run build`) when stale. Safe when several test files call
 * it at once: one builds under a lock directory, the others wait for it.
 */
export async function buildWebApp({ force = false }: { force?: boolean } = {}): Promise<void> {
  if (!force && !webBuildIsStale()) return;
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + PATIENCE.test;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      // Another worker builds; a lock older than the test bound is abandoned.
      try { if (Date.now() - fs.statSync(LOCK).mtimeMs > PATIENCE.test) fs.rmSync(LOCK, { recursive: true, force: true }); } catch { /* gone */ }
      if (Date.now() > deadline) throw new Error('Construction de l’application web : verrou dist/.web-build.lock toujours pris.');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (!force && !webBuildIsStale()) return;
    try {
      await run('npm', ['run', 'build', '--silent'], { cwd: ROOT, maxBuffer: 20 * 1024 * 1024, timeout: PATIENCE.test });
    } catch (error: any) {
      throw new Error(`npm run build a échoué :\n${error.stdout ?? ''}\n${error.stderr ?? error.message}`);
    }
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

// ---- Server ------------------------------------------------------------------

export interface TestServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  app: Api;
  ctx: AppContext;
  /** Moves the server clock (demo data is dated 2008–2014). */
  clock: { set(iso: string): void; now(): Date };
  close(): Promise<void>;
}

/**
 * The production app (all routeModules, jobs poller) on a fresh in-memory SQLite with the demo
 * data, serving dist/web, listening on a random port of 127.0.0.1.
 */
export interface ServerOptions {
  now?: string;
  config?: Partial<AppConfig>;
  /** Fills the database instead of the demo data set (the empty-database path). */
  prepare?: (ctx: AppContext) => Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const database = createDatabase({ sqliteFile: ':memory:' });
  await migrateToLatest(database);
  let current = options.now ? new Date(options.now) : null;
  const clock: Clock & { set(iso: string): void } = {
    now: () => (current ? new Date(current) : new Date()),
    set: (iso) => { current = new Date(iso); },
  };
  const ctx: AppContext = {
    database, clock,
    config: { publicUrl: 'http://127.0.0.1', secureCookies: false, sessionHours: 10, webRoot: WEB_ROOT, ...options.config },
  };
  registerJobs();
  await (options.prepare ? options.prepare(ctx) : loadDemoData(ctx));
  const app = await buildApp(ctx, routeModules);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  ctx.config.publicUrl = url;
  const stopJobs = startJobPoller(ctx, 200);
  return {
    url, app, ctx, clock,
    async close() {
      await stopJobs();
      await app.close();
      await database.destroy();
    },
  };
}

// ---- Browser -----------------------------------------------------------------

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync', '--lang=fr-FR'],
  });
}

/** A French-speaking desktop context whose relative URLs go to `baseURL`. Page errors and CSP violations fail checkPageErrors(). */
export async function newPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) errors.push(`csp: ${message.text()}`);
  });
  pageErrors.set(page, errors);
  page.setDefaultTimeout(PATIENCE.step);
  page.setDefaultNavigationTimeout(PATIENCE.step);
  return { context, page };
}

const pageErrors = new WeakMap<Page, string[]>();
/** Throws if the page raised uncaught errors or CSP violations since it was opened. */
export function checkPageErrors(page: Page): void {
  const errors = pageErrors.get(page) ?? [];
  if (errors.length) throw new Error(`Erreurs dans la page :\n${errors.join('\n')}`);
}

/**
 * Registers beforeAll/afterAll (build, server, browser) and beforeEach/afterEach (a fresh
 * context and page per test). Read the fields inside tests: `ctx.page`, `ctx.server.url`.
 */
export function useBrowser(options: ServerOptions = {}) {
  const state = {} as { server: TestServer; browser: Browser; context: BrowserContext; page: Page };
  beforeAll(async () => {
    await buildWebApp();
    state.server = await startServer(options);
    state.browser = await launchBrowser();
  }, PATIENCE.test);
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.close();
  });
  beforeEach(async () => {
    const { context, page } = await newPage(state.browser, state.server.url);
    state.context = context;
    state.page = page;
  });
  afterEach(async () => {
    if (state.page) checkPageErrors(state.page);
    await state.context?.close();
  });
  return state;
}

/** Logs in through the login page (demo password by default) and waits for the home page. */
export async function loginAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/connexion');
  await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).first().waitFor({ state: 'attached' });
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
}

/**
 * Runs axe-core (WCAG 2.1 A/AA) on the page and throws on serious or critical violations,
 * listing each with its selectors. Returns all violations (minor/moderate included) for inspection.
 */
export async function checkAccessibility(page: Page, options: { exclude?: string[]; label?: string } = {}) {
  // A modal fading in has mid-transition colours: contrast is judged on the settled page.
  await page.evaluate(() => Promise.all(document.getAnimations()
    .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)))
    .map((a) => a.finished.catch(() => undefined))));
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length) {
    const detail = blocking.map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`).join('\n');
    throw new Error(`Accessibilité (${options.label ?? page.url()}) : ${blocking.length} violation(s) grave(s) ou critique(s)\n${detail}`);
  }
  return results.violations;
}

/** Full-page PNG at test-results/screens/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  const file = path.join(SCREENS_DIR, `${name.replace(/[^A-Za-z0-9_.-]/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
