/** What the benchmarks share: `npm start` in its own process, an HTTP client, a worker pool. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { freePort } from '../local/services/ports.js';
import { generateApiKey } from '../shared/features/partners/apiKeys.js';

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
export const ms = (value: number) => `${value.toFixed(1)} ms`;

export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** `npm start` in its own process, as a developer runs it; the benchmark's clients stay out of its CPU. */
export async function startRuntime() {
  const [port, dynamodbPort, sqsPort] = [await freePort(), await freePort(), await freePort()];
  const adminKey = generateApiKey();
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: resolve(import.meta.dirname, '..'),
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: ':memory:',
      LOYALTY_ADMIN_KEY: adminKey,
      DYNAMODB_PORT: String(dynamodbPort),
      SQS_PORT: String(sqsPort),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((ready, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready/.test(output)) ready();
    });
    child.once('exit', () => fail(new Error(`npm start exited:\n${output}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    adminKey,
    endpoints: { dynamodb: `http://127.0.0.1:${dynamodbPort}`, sqs: `http://127.0.0.1:${sqsPort}` },
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/** Waits until a queue has nothing visible or in flight. */
export async function drained(sqsEndpoint: string, queueName = 'accrual') {
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region: 'us-east-1', credentials });
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  for (let quiet = 0; quiet < 2; ) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const depth =
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    quiet = depth === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 25));
  }
  sqs.destroy();
}

export type Runtime = Awaited<ReturnType<typeof startRuntime>>;

export function client(baseUrl: string) {
  return async (method: string, path: string, key: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
}
