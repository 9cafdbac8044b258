/**
 * The README's walk-through, run as written, in order, against a fresh `npm start` (issue 14):
 * the API base and the data directory are the only things substituted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, type Json, type RuntimeProcess, startRuntime } from '../support/runtimeProcess.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'jifen-readme-'));
let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntime(dataDir);
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The shell blocks of the README section "Calling the API", in order. */
function walkThrough(): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Calling the API'),
    readme.indexOf('\n## ', readme.indexOf('## Calling the API') + 3),
  );
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe('the README walk-through', () => {
  it('runs every command in order on a fresh start, each answered without an error', () => {
    const blocks = walkThrough();
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const script = [
      'set -euo pipefail',
      // Every call must succeed: an HTTP error fails the script, with its body shown.
      'curl() { command curl --fail-with-body "$@"; }',
      ...blocks,
    ]
      .join('\n')
      .replaceAll('http://127.0.0.1:3000', runtime.baseUrl)
      .replaceAll('.data/admin-key', join(dataDir, 'admin-key'));
    const run = spawnSync('bash', ['-c', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr + run.stdout).not.toMatch(/"type":"https:\/\/jifen\.dev\/problems/);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  }, 90_000);

  it('leaves the member, the payment and the ledger as the README says', async () => {
    const member = await http<Json>(runtime.baseUrl, 'GET', '/v1/members/m-1001', { key: runtime.adminKey });
    // 100 enrolment points, less the 100 paid; the purchase's 306 points, half refunded, still pending.
    expect(member.body).toMatchObject({ points: { available: 0, pending: 153, held: 0 } });
    const check = await http<Json>(runtime.baseUrl, 'GET', '/v1/reports/ledger-check', {
      key: runtime.adminKey,
    });
    expect(check.body).toMatchObject({ ok: true });
  });
});
