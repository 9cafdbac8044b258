/**
 * The console's build, without a browser: `npm start` builds it when stale (here the same
 * function), index.html carries no inline script, and what a first visit loads stays under
 * 300 KB of JavaScript gzipped, the lazily loaded chart chunk included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildConsoleIfStale, consoleBuildIsFresh, consoleDistDir } from '../../console/build.js';

describe('the console build', () => {
  it('is built when stale, is then fresh, and keeps its first load under 300 KB of JS gzipped', async () => {
    const result = await buildConsoleIfStale().done;
    expect(result).toMatchObject({ ok: true });
    expect(consoleBuildIsFresh()).toBe(true);
    const html = readFileSync(join(consoleDistDir, 'index.html'), 'utf8');
    // Every script is a file of the console (the CSP allows no inline script).
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g) ?? []).toEqual([]);
    expect(html).not.toMatch(/\sstyle=|<style/);
    expect(html).not.toMatch(/https?:\/\//);
    const assets = readdirSync(join(consoleDistDir, 'assets'));
    const sizes = Object.fromEntries(
      assets
        .filter((name) => name.endsWith('.js'))
        .map((name) => [
          name,
          gzipSync(readFileSync(join(consoleDistDir, 'assets', name)), { level: 9 }).length,
        ]),
    );
    const entry = /src="\/console\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const charts = Object.keys(sizes).find((name) => name.startsWith('charts-'));
    expect(charts, 'ECharts is its own chunk').toBeDefined();
    const entrySize = sizes[entry!]!;
    const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
    console.log(
      `console JS gzipped: entry ${(entrySize / 1024).toFixed(1)} KB, charts ${(sizes[charts!]! / 1024).toFixed(1)} KB, all ${(total / 1024).toFixed(1)} KB`,
    );
    expect(entrySize).toBeLessThan(100 * 1024);
    expect(total).toBeLessThan(300 * 1024);
  }, 120_000);
});
