/**
 * The operator console's browser tests: `npm start` (local/start.ts) as a child process on a free
 * port with its own data directory, Debian's Chromium driven by playwright-core, the API for
 * setting up and checking, axe-core for accessibility, screenshots under test-output/console/.
 * Every process started here is stopped by its PID.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startRuntime, until } from '../support/runtimeProcess.js';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const screenshotDir = join(repoRoot, 'test-output', 'console');
export const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) =>
  existsSync(path),
);

export interface Server {
  readonly baseUrl: string;
  readonly adminKey: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** `npm start` with a data directory of its own, removed when it stops. */
export async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jifen-console-'));
  const adminKey = `jf_${randomBytes(24).toString('base64url')}`;
  try {
    const runtime = await startRuntime(dataDir, { LOYALTY_ADMIN_KEY: adminKey });
    return {
      baseUrl: runtime.baseUrl,
      adminKey,
      output: runtime.output,
      stop: async () => {
        await runtime.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export type Json = Record<string, unknown>;

export function apiClient(baseUrl: string) {
  return async function api(method: string, path: string, key?: string, body?: unknown) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
}

export { until };

/** Chromium with a fresh profile (Playwright gives each launch its own temporary one). */
export async function launchBrowser(): Promise<{ browser: Browser; stop(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async stop() {
      await browser.close().catch(() => undefined);
    },
  };
}

/** What a page did that it should not: errors in its console, uncaught exceptions, requests elsewhere. */
export interface PageWatch {
  readonly errors: string[];
  readonly foreignRequests: string[];
  /**
   * API answers of 4xx that the page shows as error states (a 400 with field errors, a 403, an
   * endpoint this API lacks): Chromium logs each failed request in the console too.
   */
  readonly apiFailures: string[];
}

export function watch(page: Page, baseUrl: string): PageWatch {
  const found: PageWatch = { errors: [], foreignRequests: [], apiFailures: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const url = message.location().url;
    if (
      /^Failed to load resource: the server responded with a status of 4\d\d/.test(text) &&
      url.includes('/v1/')
    ) {
      found.apiFailures.push(`${url} ${text}`);
      return;
    }
    found.errors.push(`${text} (${url})`);
  });
  page.on('pageerror', (error) => found.errors.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:'))
      found.foreignRequests.push(url);
  });
  return found;
}

export async function newContext(
  browser: Browser,
  options: { width?: number; locale?: string } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: options.locale ?? 'en-GB',
  });
}

export async function signIn(page: Page, baseUrl: string, key: string, path = '/console/'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel(/API key|API 密钥/).fill(key);
  await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
  await page.getByRole('button', { name: /^(Sign out|退出)$/ }).waitFor();
}

/** Waits until no request of the page is loading (no `.loading` status shown). */
export async function settled(page: Page): Promise<void> {
  // Polled from here: the page's CSP allows no string evaluation inside it.
  for (const deadline = Date.now() + 20_000; (await page.locator('.loading').count()) > 0; ) {
    if (Date.now() > deadline) throw new Error(`${page.url()} is still loading`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core in the page (evaluated through DevTools, so the page's CSP is untouched): serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations)",
  )) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
