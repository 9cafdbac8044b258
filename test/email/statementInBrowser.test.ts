/**
 * The statement as a member sees it: rendered in headless Chromium (Debian's chromium, driven by
 * playwright-core), checking that every figure is visible and that the page loads nothing remote.
 * CI installs Chromium (.ci/run); on a machine without it this file is skipped outside CI.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleContext, sampleNotifications } from '../../shared/features/notifications/samples.js';
import { renderEmail } from '../../shared/features/notifications/templates.js';

const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
let browser: Browser;

describe.skipIf(!executablePath && !process.env.CI)('the statement in a browser', () => {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    [
      'zh-CN',
      [
        '期初余额',
        '2,480',
        '+1,306',
        '-1,000',
        '-153',
        '期末余额',
        '2,633',
        '¥7,123.45',
        '2027年1月1日',
        '退订会员邮件',
      ],
    ],
    [
      'en',
      [
        'Opening balance',
        '2,480',
        '+1,306',
        '-1,000',
        '-153',
        'Closing balance',
        '2,633',
        '¥7,123.45',
        '1 Jan 2027',
        'Unsubscribe',
      ],
    ],
  ] as const)('shows every figure of the %s statement', async (locale, figures) => {
    const email = renderEmail(sampleNotifications.statement!, sampleContext(locale));
    const file = join(mkdtempSync(join(tmpdir(), 'jifen-mail-')), 'statement.html');
    writeFileSync(file, email.html);
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    const remote: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) remote.push(request.url());
    });
    await page.goto(`file://${file}`);
    await expect(page.getByText('-0', { exact: true }).count()).resolves.toBe(0);
    for (const figure of figures) {
      await expect(page.getByText(figure, { exact: false }).first().isVisible()).resolves.toBe(true);
    }
    const overflow = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth + 1');
    expect(overflow).toBe(false);
    expect(remote).toEqual([]);
    await page.screenshot({ path: file.replace(/\.html$/, '.png'), fullPage: true });
    await page.close();
  });
});
