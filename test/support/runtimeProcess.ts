/**
 * `npm start` as a child process for end-to-end tests: started on a free port with its own data
 * directory, talked to over HTTP, stopped (or killed) by PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../local/services/ports.js';

const repoRoot = resolve(import.meta.dirname, '../..');

export type Json = Record<string, unknown>;

export interface RuntimeProcess {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  readonly adminKey: string;
  output(): string;
  /** SIGTERM (or the given signal), and the exit code once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startRuntime(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<RuntimeProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOYALTY_ADMIN_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  // The first start also builds the operator console.
  const deadline = Date.now() + 120_000;
  while (!/ready/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`npm start did not get ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    dataDir,
    child,
    adminKey: env.LOYALTY_ADMIN_KEY || readFileSync(join(dataDir, 'admin-key'), 'utf8').trim(),
    output: () => output,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill(signal);
      return exited;
    },
  };
}

export interface HttpAnswer<T = Json> {
  readonly status: number;
  readonly type: string;
  readonly headers: Headers;
  readonly body: T;
}

/** One JSON request; a body that is not JSON comes back as its text. */
export async function http<T = Json>(
  baseUrl: string,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...options.headers,
    },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    headers: response.headers,
    body: body as T,
  };
}

/** Reads until `done` holds or the time is up; answers the last value read. */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
