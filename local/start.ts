/**
 * `npm start`: the whole system locally. Prints one line containing `ready` and the base URL when
 * everything is up; SIGINT or SIGTERM stop every child process, also during start-up. The script
 * `exec`s node, so npm's own signal forwarding reaches this process (no shell in between that
 * would swallow it); run by npm, it also stops when npm goes away without forwarding anything
 * (npm killed outright), so a process manager that stops npm stops everything.
 */
import { type LocalRuntime, startLocalRuntime } from './runtime.js';

const startedMs = Date.now();

// Node 20 is supported here (Lambda runs Node 22); keep the AWS SDK's Node-version notice out of the console.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.DATA_DIR ?? './.data';

let runtime: LocalRuntime | undefined;
let stoppingSinceMs: number | undefined;
let startup: Promise<LocalRuntime> | undefined;

/**
 * Ctrl-C in a terminal signals the whole foreground group, and npm forwards its copy too: the same
 * SIGINT arrives twice within moments. Only a repeat after this long means "exit now".
 */
const repeatMeansForceMs = 1000;

async function shutdown(signal: string) {
  if (stoppingSinceMs !== undefined) {
    if (Date.now() - stoppingSinceMs < repeatMeansForceMs) return;
    console.log(`${signal} again: exiting now`);
    process.exit(1);
  }
  stoppingSinceMs = Date.now();
  console.log(`${signal}: stopping…`);
  try {
    const running = runtime ?? (await startup?.catch(() => undefined));
    await running?.stop();
  } finally {
    process.exit(0);
  }
}

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// With npm gone its pipes may be closed: a failed write must not end the process before it has stopped Java.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

// Run as `npm start`, the parent is npm: when it is gone (this process is handed to another parent),
// stop as if it had sent SIGTERM. Started otherwise (`node --import tsx local/start.ts`, a test), no
// parent is watched, so a deliberately detached start keeps running.
if (process.env.npm_lifecycle_event === 'start' && process.ppid > 1) {
  const parentPid = process.ppid;
  const watchParent = setInterval(() => {
    if (process.ppid === parentPid) return;
    clearInterval(watchParent);
    void shutdown('parent exited');
  }, 500);
  watchParent.unref();
}

startup = startLocalRuntime({
  port,
  dataDir,
  adminKey: process.env.LOYALTY_ADMIN_KEY || undefined,
  ports: { dynamodb: process.env.DYNAMODB_PORT, sqs: process.env.SQS_PORT, ses: process.env.SES_PORT },
});

try {
  runtime = await startup;
  if (stoppingSinceMs !== undefined) {
    await runtime.stop();
  } else {
    const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
    console.log(`Jifen ready at ${runtime.baseUrl} (started in ${seconds}s; data: ${dataDir})`);
  }
} catch (error) {
  console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
