/**
 * `npm start`: the whole system locally. Prints one line containing `ready` and the base URL when
 * everything is up; SIGINT or SIGTERM stop every child process, also during start-up.
 */
import { type LocalRuntime, startLocalRuntime } from './runtime.js';

const startedMs = Date.now();

// Node 20 is supported here (Lambda runs Node 22); keep the AWS SDK's Node-version notice out of the console.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.DATA_DIR ?? './.data';

let runtime: LocalRuntime | undefined;
let stopping = false;
let startup: Promise<LocalRuntime> | undefined;

async function shutdown(signal: string) {
  if (stopping) {
    console.log(`${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
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

startup = startLocalRuntime({
  port,
  dataDir,
  adminKey: process.env.LOYALTY_ADMIN_KEY || undefined,
  ports: { dynamodb: process.env.DYNAMODB_PORT, sqs: process.env.SQS_PORT, ses: process.env.SES_PORT },
});

try {
  runtime = await startup;
  if (stopping) {
    await runtime.stop();
  } else {
    const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
    console.log(`Jifen ready at ${runtime.baseUrl} (started in ${seconds}s; data: ${dataDir})`);
  }
} catch (error) {
  console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
