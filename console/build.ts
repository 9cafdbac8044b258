/**
 * The console's build: Vite into console/dist, stamped with a hash of what decides its output
 * (the console's sources and the versions of what it bundles), so that `npm start` and
 * `npx cdk synth` build it only when it is missing or stale. One build at a time per checkout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

export const consoleDir = import.meta.dirname;
export const consoleDistDir = join(consoleDir, 'dist');
const stampFile = '.build-stamp';
const lockFile = join(consoleDir, '.build.lock');

/** What decides the build's output: the console's sources and the versions of what it bundles. */
export function consoleSourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.d.ts')) {
        hash.update(relative(consoleDir, path)).update('\0').update(readFileSync(path)).update('\0');
      }
    }
  };
  for (const file of ['index.html', 'vite.config.ts', 'csp.ts']) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(consoleDir, file)))
      .update('\0');
  }
  walk(join(consoleDir, 'src'));
  walk(join(consoleDir, 'public'));
  const require = createRequire(import.meta.url);
  for (const name of ['vite', 'preact', 'echarts', 'openapi-fetch']) {
    try {
      hash.update(`${name}@${(require(`${name}/package.json`) as { version: string }).version}`);
    } catch {
      hash.update(`${name}@missing`);
    }
  }
  return hash.digest('hex');
}

/** Whether console/dist holds a build of the current sources. */
export function consoleBuildIsFresh(hash = consoleSourceHash()): boolean {
  try {
    return readFileSync(join(consoleDistDir, stampFile), 'utf8').trim() === hash;
  } catch {
    return false;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export interface ConsoleBuild {
  /** Resolves when the build is fresh (built now or before), or with the reason it could not be built. */
  readonly done: Promise<{ ok: true; built: boolean; ms: number } | { ok: false; error: string }>;
  /** Stops a build under way (by PID) and removes its partial output. */
  stop(): Promise<void>;
}

/**
 * Builds the console when its build is missing or stale. One build at a time per checkout
 * (a lock file with the builder's PID): others wait for it, then find the build fresh. The build
 * goes to a temporary directory that replaces console/dist only when complete.
 */
export function buildConsoleIfStale(log: (line: string) => void = () => undefined): ConsoleBuild {
  let child: ChildProcess | undefined;
  let stopped = false;
  let tmpDir: string | undefined;
  let ownsLock = false;
  const startedMs = Date.now();

  const acquire = async (): Promise<boolean> => {
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
      if (stopped) return false;
      try {
        const handle = await open(lockFile, 'wx');
        await handle.writeFile(String(process.pid));
        await handle.close();
        ownsLock = true;
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number(readFileSync(lockFile, 'utf8').trim() || 0);
        if (!holder || !alive(holder)) rmSync(lockFile, { force: true });
        else await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new Error('another console build did not finish within 120 s');
  };

  const release = () => {
    if (ownsLock) rmSync(lockFile, { force: true });
    ownsLock = false;
  };

  const run = async () => {
    const hash = consoleSourceHash();
    if (consoleBuildIsFresh(hash)) return { ok: true as const, built: false, ms: 0 };
    if (!(await acquire())) return { ok: false as const, error: 'stopped' };
    try {
      if (consoleBuildIsFresh(hash)) return { ok: true as const, built: false, ms: Date.now() - startedMs };
      // Leftovers of builds that were killed outright.
      for (const entry of readdirSync(consoleDir)) {
        if (/^\.build-\d+$/.test(entry) || /^\.dist-old-\d+$/.test(entry)) {
          rmSync(join(consoleDir, entry), { recursive: true, force: true });
        }
      }
      log('Building the operator console…');
      tmpDir = join(consoleDir, `.build-${process.pid}`);
      const vite = join(
        dirname(createRequire(import.meta.url).resolve('vite/package.json')),
        'bin',
        'vite.js',
      );
      let output = '';
      const code = await new Promise<number | null>((resolveExit, rejectExit) => {
        child = spawn(
          process.execPath,
          [
            vite,
            'build',
            '--config',
            join(consoleDir, 'vite.config.ts'),
            '--outDir',
            tmpDir!,
            '--emptyOutDir',
          ],
          {
            cwd: consoleDir,
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, NODE_ENV: 'production' },
          },
        );
        child.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.stderr?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.once('error', rejectExit);
        child.once('exit', (exitCode) => resolveExit(exitCode));
      });
      child = undefined;
      if (stopped) return { ok: false as const, error: 'stopped' };
      if (code !== 0)
        return { ok: false as const, error: `vite build failed (exit ${code}):\n${output.trim()}` };
      writeFileSync(join(tmpDir, stampFile), `${hash}\n`);
      const old = join(consoleDir, `.dist-old-${process.pid}`);
      if (existsSync(consoleDistDir)) renameSync(consoleDistDir, old);
      renameSync(tmpDir, consoleDistDir);
      tmpDir = undefined;
      rmSync(old, { recursive: true, force: true });
      return { ok: true as const, built: true, ms: Date.now() - startedMs };
    } finally {
      if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
      release();
    }
  };

  const done = run().catch((error: unknown) => ({
    ok: false as const,
    error: error instanceof Error ? error.message : String(error),
  }));
  return {
    done,
    async stop() {
      stopped = true;
      const running = child;
      if (running?.pid && running.exitCode === null) {
        const exited = new Promise((r) => running.once('exit', r));
        process.kill(running.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      }
      await done;
      if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
      release();
    },
  };
}

/** Removes the stamp, so that the next start or synth builds again. */
export function forgetConsoleBuild(): void {
  rmSync(join(consoleDistDir, stampFile), { force: true });
}
