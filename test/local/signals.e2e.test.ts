/**
 * `npm start` stops with its npm process: what a process manager sends to npm (SIGTERM, SIGINT), a
 * signal to the node process itself, or npm killed outright, leaves no process of the runtime
 * behind: not node, not DynamoDB Local's Java, not its watchdog. Each case starts `npm start` with
 * its own data directory and port, records the process tree under npm once /health answers, and
 * polls until every recorded process is gone.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../local/services/ports.js';

const repoRoot = resolve(import.meta.dirname, '../..');

/** A process as recorded: its pid and start time (so that a reused pid does not count as it). */
interface Recorded {
  readonly pid: number;
  readonly startTicks: string;
  readonly command: string;
}

/** Fields of /proc/<pid>/stat after the command name: [0] is the state, [19] the start time. */
function statOf(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Still running: it exists, is the same process, and is not a zombie waiting to be reaped. */
function running(process: Recorded): boolean {
  const stat = statOf(process.pid);
  return stat !== undefined && stat[0] !== 'Z' && stat[19] === process.startTicks;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** The processes below `rootPid`, walking parent pids as `ps` reports them. */
function descendantsOf(rootPid: number): Recorded[] {
  const parents = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of parents) {
      if (ppid === parent && !found.includes(pid)) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found.flatMap((pid) => {
    const startTicks = statOf(pid)?.[19];
    return startTicks ? [{ pid, startTicks, command: commandOf(pid) }] : [];
  });
}

async function poll(done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (await done()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return done();
}

interface StartedNpm {
  readonly npm: ChildProcess;
  readonly tree: Recorded[];
  readonly output: () => string;
  readonly exited: Promise<void>;
}

const cleanups: (() => void)[] = [];

afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

/** `npm start` on its own port and data directory, once /health answers and Java is up. */
async function startNpm(): Promise<StartedNpm> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jifen-e2e-signals-'));
  const port = await freePort();
  let output = '';
  const npm = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOYALTY_ADMIN_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => npm.once('exit', () => r()));
  npm.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  npm.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  let tree: Recorded[] = [];
  cleanups.push(() => {
    // Whatever a failed case left behind is killed here, by the pids recorded for it.
    for (const process of [...tree].reverse()) {
      if (running(process)) globalThis.process.kill(process.pid, 'SIGKILL');
    }
    if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  // The first start may also build the operator console; a busy 2-core machine is slow.
  const healthy = await poll(async () => {
    if (npm.exitCode !== null) return true;
    try {
      return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;
    } catch {
      return false;
    }
  }, 180_000);
  if (!healthy || npm.exitCode !== null) throw new Error(`npm start did not answer /health:\n${output}`);
  tree = descendantsOf(npm.pid!);
  return { npm, tree, output: () => output, exited };
}

function nodeOf(tree: readonly Recorded[]): Recorded {
  const node = tree.find((process) => process.command.includes('local/start.ts'));
  if (!node) throw new Error(`no local/start.ts under npm: ${JSON.stringify(tree)}`);
  return node;
}

async function expectAllGone(started: StartedNpm): Promise<void> {
  const gone = await poll(() => started.tree.every((process) => !running(process)), 60_000);
  const left = started.tree.filter(running).map((process) => `${process.pid} ${process.command}`);
  expect(left, started.output()).toEqual([]);
  expect(gone).toBe(true);
  await started.exited;
}

describe('npm start stopped through npm', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops node, DynamoDB Local and the watchdog when npm gets ${signal}`, async () => {
      const started = await startNpm();
      // What is recorded: node, DynamoDB Local's Java and its watchdog.
      expect(started.tree.some((process) => /DynamoDBLocal/.test(process.command))).toBe(true);
      expect(nodeOf(started.tree).command).toContain('local/start.ts');
      started.npm.kill(signal);
      await expectAllGone(started);
      expect(started.output()).toContain(`${signal}: stopping`);
    }, 300_000);
  }

  it('stops everything and npm when the node process gets SIGTERM', async () => {
    const started = await startNpm();
    process.kill(nodeOf(started.tree).pid, 'SIGTERM');
    await expectAllGone(started);
    expect(started.npm.exitCode).toBe(0);
  }, 300_000);

  it('stops everything when npm is killed outright, without forwarding a signal', async () => {
    const started = await startNpm();
    started.npm.kill('SIGKILL');
    await expectAllGone(started);
    expect(started.output()).toContain('parent exited: stopping');
  }, 300_000);
});
