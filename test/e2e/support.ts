/**
 * Shared set-up of the browser end-to-end tests (docs/ui.md): the built UI, the first admin,
 * Debian Chromium through playwright-core, and page measurements. Node-side only (no DOM lib).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { webBuildReason } from '../../scripts/start.mjs';
import { DEFAULT_WEB_ROOT } from '../../src/server/plugins/web-ui.ts';
import { type TestServer, testServer } from '../../src/server/testing/test-server.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
export const ADMIN = {
  email: 'admin@example.com',
  displayName: 'Admin',
  password: 'correct horse battery staple',
};

/** The skip reason when Chromium is absent, or false; never skipped with RAMPART_REQUIRE_SERVICES=1. */
export const chromiumMissing: string | false =
  !existsSync(CHROMIUM) && process.env.RAMPART_REQUIRE_SERVICES !== '1'
    ? `${CHROMIUM} not found (apt-get install -y chromium); set RAMPART_REQUIRE_SERVICES=1 to make this a failure`
    : false;

/** Builds web/dist when it is missing or older than web/ (the same check as `npm start`). */
export function ensureWebBuild(): void {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is required (RAMPART_REQUIRE_SERVICES=1)`);
  if (webBuildReason(ROOT) !== undefined)
    execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(ARTIFACTS, { recursive: true });
}

/** Creates the first admin through the API, as the one-time bootstrap link would. */
export async function bootstrapAdmin(s: TestServer, base: string): Promise<void> {
  const token = await s.accounts.createBootstrapSecret();
  const boot = await fetch(`${base}/api/auth/bootstrap`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, ...ADMIN }),
  });
  assert.equal(boot.status, 200, await boot.clone().text());
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Script errors seen in the page so far. */
  readonly pageErrors: string[];
}

/** Headless Chromium with a temporary profile, closed and removed after the test. */
export async function launchBrowser(t: TestContext, width = 1280, height = 900): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'rampart-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width, height },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // One hook, in this order: node:test runs `after` hooks in registration order, and removing the
  // profile while Chromium still writes its cache failed with ENOTEMPTY and left the browser (and
  // the test process) running.
  t.after(async () => {
    try {
      await context.close();
    } finally {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    }
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { context, page, pageErrors };
}

/** Signs in on the sign-in form the app shows at `url`. */
export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The document's scroll width: wider than the viewport means horizontal scrolling. */
export async function scrollWidth(page: Page): Promise<number> {
  type Doc = { document: { documentElement: { scrollWidth: number } } };
  return page.evaluate(() => (globalThis as unknown as Doc).document.documentElement.scrollWidth);
}

/**
 * Waits until `count()` returns `n`. Polled from Node: the UI's CSP forbids eval, so string
 * predicates cannot run in the page.
 */
export async function waitForCount(what: string, count: () => Promise<number>, n: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (let seen = await count(); seen !== n; seen = await count()) {
    if (Date.now() > deadline) assert.fail(`expected ${n} ${what}, saw ${seen}`);
    await delay(50);
  }
}

/** The built UI on a real, listening SQLite-backed server: what most browser tests start from. */
export async function startUiServer(
  t: TestContext,
): Promise<{ readonly s: TestServer; readonly base: string }> {
  ensureWebBuild();
  const s = await testServer(t, 'sqlite', { config: { webRoot: DEFAULT_WEB_ROOT } });
  assert.ok(s, 'SQLite test database');
  const base = await s.app.listen({ host: '127.0.0.1', port: 0 });
  return { s, base };
}

/**
 * A JSON API client for a listening test server with one caller's bearer: each call asserts a 2xx
 * answer (naming the method, URL, status and body otherwise) and returns the parsed JSON
 * (undefined for 204). A string body is sent as is with `type`; an object as JSON.
 */
export function apiClient(base: string, bearer: string) {
  return async <T = Record<string, unknown>>(
    method: string,
    url: string,
    body?: string | object,
    type = 'application/json',
  ): Promise<T> => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: bearer, ...(body !== undefined ? { 'content-type': type } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    assert.ok(res.ok, `${method} ${url}: ${res.status} ${await res.clone().text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
}
