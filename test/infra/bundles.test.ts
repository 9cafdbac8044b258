/**
 * What deploys is what runs: each function's bundle, as `cdk synth` built it, loaded in a fresh
 * Node process where only what the Lambda Node.js runtime provides resolves (the AWS SDK v3:
 * infra/bundles.ts), and invoked once with a real event of its kind against this file's table and
 * queues in DynamoDB Local and the emulators. The other tests run the TypeScript sources; an
 * import that breaks only in a bundle (ESM/CJS interop, a dynamic require, a package left out)
 * fails here, naming the bundle.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { App } from 'aws-cdk-lib';
import type {
  APIGatewayProxyEventV2,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/buildApp.js';
import {
  type Bundle,
  bundlesOf,
  httpApiEvent,
  type Invocation,
  type LambdaSandbox,
  lambdaEnvironment,
  lambdaSandbox,
  routeOf,
} from '../../infra/bundles.js';
import { authorizerEvent } from '../../local/apiGateway.js';
import { passesFilter, toLambdaRecord } from '../../local/streamPoller.js';
import { defaultEmailSendRate, Env, type QueueName, queues, streams } from '../../shared/system.js';
import { acceptedPurchase, admin, call } from '../functions/harness.js';
import { emulators, queueUrls } from '../support/useEmulators.js';

const repoRoot = resolve(import.meta.dirname, '../..');
/** Bundles run at once: two cores, shared with DynamoDB Local's JVM and other test files. */
const concurrency = 2;
/** One fresh process, its import and one invocation against the emulators, on a loaded machine. */
const perInvocationMs = 15_000;

let outdir: string;
let bundles: Bundle[];
let sandbox: LambdaSandbox;

beforeAll(() => {
  // One synth of the stages' stacks, as test/infra/stacks.test.ts makes (its assembly lives in its own process).
  outdir = mkdtempSync(join(tmpdir(), 'jifen-cdk-out-'));
  const built = buildApp(
    new App({
      outdir,
      context: { stage: 'test', emailSender: 'no-reply@shop.example', alarmEmail: 'ops@shop.example' },
    }),
  );
  const assembly = built.app.synth();
  bundles = bundlesOf(assembly.directory, built.stateless.stackName);
  sandbox = lambdaSandbox(repoRoot);
  for (const bundle of bundles) {
    console.log(`bundle ${bundle.name}: ${(bundle.bytes / 1024).toFixed(1)} KB minified`);
  }
}, 180_000);

afterAll(() => {
  sandbox?.dispose();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** The function's environment as the stack sets it, with this file's table, queues and the emulators. */
const environmentOf = (bundle: Bundle) =>
  lambdaEnvironment(
    bundle,
    {
      tableName: process.env[Env.tableName]!,
      emailSender: 'no-reply@jifen.test',
      emailSendRate: defaultEmailSendRate,
      publicBaseUrl: 'http://127.0.0.1:3000',
      queueUrls,
    },
    emulators,
  );

const copies = new Map<string, string>();

/** One invocation of `bundle` in a fresh process (its copy in the sandbox is made once). */
async function run(bundle: Bundle, event: unknown): Promise<Invocation> {
  let dir = copies.get(bundle.name);
  if (!dir) {
    dir = sandbox.add(bundle.name, bundle);
    copies.set(bundle.name, dir);
  }
  return sandbox.invoke(dir, event, {
    environment: environmentOf(bundle),
    description: bundle.description,
    functionName: `jifen-test-${bundle.name}`,
    timeoutMs: perInvocationMs,
  });
}

/** The answer, or a failure naming the bundle with its error and output. */
function answerOf(bundle: Bundle, invocation: Invocation): unknown {
  if (!invocation.ok) {
    throw new Error(
      `The bundle of ${bundle.name} (${bundle.logicalId}) failed: ${invocation.error}\n${invocation.output}`,
    );
  }
  return invocation.result;
}

/** What this file's queue holds now, as the SQS event source hands it to the consumer. */
async function sqsEventFrom(queue: QueueName): Promise<SQSEvent> {
  const sqs = new SQSClient({
    endpoint: emulators.sqs,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
  try {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrls[queue]!.url,
        MaxNumberOfMessages: queues[queue].batchSize,
        WaitTimeSeconds: 5,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    return { Records: (received.Messages ?? []).map((message) => sqsRecord(queue, message.Body!, message)) };
  } finally {
    sqs.destroy();
  }
}

function sqsRecord(queue: string, body: string, message: Partial<Message> = {}): SQSRecord {
  return {
    messageId: message.MessageId ?? randomUUID(),
    receiptHandle: message.ReceiptHandle ?? randomUUID(),
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'bundles',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      ...message.Attributes,
    } as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${queue}`,
    awsRegion: 'us-east-1',
  };
}

/**
 * The first records of this file's table's change stream that the ledger stream's filter lets
 * through, as Lambda's event source delivers them (local/streamPoller.ts converts them alike).
 */
async function streamEvent(): Promise<DynamoDBStreamEvent> {
  const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };
  const dynamodb = new DynamoDBClient({ endpoint: emulators.dynamodb, region: 'us-east-1', credentials });
  const client = new DynamoDBStreamsClient({
    endpoint: emulators.dynamodb,
    region: 'us-east-1',
    credentials,
  });
  try {
    const table = await dynamodb.send(new DescribeTableCommand({ TableName: process.env[Env.tableName]! }));
    const streamArn = table.Table!.LatestStreamArn!;
    const stream = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const records: DynamoDBRecord[] = [];
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      let iterator = (
        await client.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId!,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator;
      while (iterator && records.length < streams.ledger.batchSize) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        if ((page.Records ?? []).length === 0) break;
        for (const record of page.Records ?? []) {
          if (passesFilter(record, streams.ledger.filter)) records.push(toLambdaRecord(record, streamArn));
        }
        iterator = page.NextShardIterator;
      }
    }
    return { Records: records.slice(0, streams.ledger.batchSize) };
  } finally {
    dynamodb.destroy();
    client.destroy();
  }
}

async function pool<T>(items: readonly T[], work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const of = (kind: Bundle['kind']) => bundles.filter((bundle) => bundle.kind === kind);
/** A group's budget: its processes, `concurrency` at a time, each within its own budget, and room. */
const budget = (count: number) => Math.ceil(count / concurrency) * perInvocationMs + 30_000;

describe('the synthesized Lambda bundles', () => {
  it('finds a bundle for every function of the system description', () => {
    // describedFunctions() throws for a function without one; each is an ESM file of some size.
    expect(bundles.length).toBeGreaterThanOrEqual(13);
    for (const bundle of bundles) expect(bundle.bytes, bundle.name).toBeGreaterThan(1000);
  });

  it(
    'resolves only what the Lambda runtime provides (a bundle importing another package fails)',
    async () => {
      const dir = sandbox.add('imports-zod', { source: "export { handler } from 'zod';" });
      const sdk = sandbox.add('imports-sdk', {
        source:
          "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const handler = async () => typeof DynamoDBClient;",
      });
      const description = {
        entry: 'x',
        description: 'x',
        access: {},
        timeoutSeconds: 5,
        memoryMb: 128,
      } as const;
      const options = { environment: {}, description, functionName: 'sandbox', timeoutMs: perInvocationMs };
      const [refused, allowed] = await Promise.all([
        sandbox.invoke(dir, {}, options),
        sandbox.invoke(sdk, {}, options),
      ]);
      expect(refused.ok).toBe(false);
      expect(refused.ok ? '' : refused.error).toMatch(/Cannot find package 'zod'/);
      expect(allowed).toMatchObject({ ok: true, result: 'function' });
    },
    2 * perInvocationMs + 10_000,
  );

  it(
    'answers an HTTP API request with each HTTP function, after the authorizer resolved the key',
    async () => {
      const key = await admin();
      const [authorizer] = of('authorizer');
      const http = of('http');
      await pool(http, async (bundle) => {
        const route = routeOf(bundle.name);
        let event = httpApiEvent(route, route.scope === null ? undefined : key);
        if (route.scope !== null) {
          // As API Gateway: the authorizer's bundle runs first; its context reaches the function.
          const decision = answerOf(authorizer!, await run(authorizer!, authorizerEvent(event))) as {
            isAuthorized: boolean;
            context?: Record<string, unknown>;
          };
          expect(decision.isAuthorized, `authorizer for ${bundle.name}`).toBe(true);
          expect(decision.context, `authorizer for ${bundle.name}`).toMatchObject({
            keyId: expect.any(String),
          });
          expect(decision.context?.keyId, 'the admin key was resolved').not.toBe('-');
          event = {
            ...event,
            requestContext: { ...event.requestContext, authorizer: { lambda: decision.context ?? {} } },
          } as APIGatewayProxyEventV2;
        }
        const answer = answerOf(bundle, await run(bundle, event)) as {
          statusCode?: number;
          headers?: Record<string, string>;
          body?: string;
        };
        const where = `${bundle.name}: ${route.method} ${route.path}`;
        expect(answer.statusCode, where).toBeTypeOf('number');
        // A real answer of the function (a 404 for the made-up member is one), not a crash.
        expect(answer.statusCode!, `${where} answered ${answer.body}`).toBeLessThan(500);
        expect(answer.statusCode, `${where}: the admin key was accepted`).not.toBe(401);
        expect(String(answer.headers?.['content-type']), where).toMatch(/json/);
        expect(() => JSON.parse(answer.body ?? ''), where).not.toThrow();
      });
    },
    budget(16),
  );

  it(
    'answers an SQS batch of real messages with each queue consumer',
    async () => {
      // Real messages on this file's queues, put there by the sources (in-process): an accepted
      // purchase, a job's scan; an email of a notification that is not pending (read, then done).
      const { memberId } = await acceptedPurchase();
      const started = await call('POST', '/v1/admin/jobs/release-holds', { key: await admin(), body: {} });
      expect(started.status).toBe(202);
      const events: Record<string, SQSEvent> = {
        accrual: await sqsEventFrom('accrual'),
        jobs: await sqsEventFrom('jobs'),
        emails: { Records: [sqsRecord('emails', JSON.stringify({ memberId, key: 'bundle-test' }))] },
      };
      expect(events.accrual!.Records.length, 'the accepted purchase is on the accrual queue').toBeGreaterThan(
        0,
      );
      expect(events.jobs!.Records.length, "the job's scan is on the jobs queue").toBeGreaterThan(0);
      await pool(of('queue'), async (bundle) => {
        const answer = answerOf(bundle, await run(bundle, events[bundle.queue!])) as {
          batchItemFailures?: unknown[];
        };
        expect(answer, bundle.name).toEqual({ batchItemFailures: [] });
      });
      // The purchase was credited by the accrual bundle: 100 CNY earns points under the reference programme.
      const member = await call<{ points: { available: number; pending: number } }>(
        'GET',
        `/v1/members/${memberId}`,
        { key: await admin() },
      );
      expect(member.status).toBe(200);
      expect(member.body.points.available + member.body.points.pending).toBeGreaterThan(0);
    },
    budget(3) + 30_000,
  );

  it(
    'starts its job as of the scheduled time with each job starter',
    async () => {
      const time = new Date().toISOString();
      await pool(of('schedule'), async (bundle) => {
        const answer = answerOf(bundle, await run(bundle, { time })) as {
          runId?: unknown;
          started?: unknown;
        };
        expect(answer, bundle.name).toMatchObject({
          runId: expect.any(String),
          started: expect.any(Boolean),
        });
      });
    },
    budget(10),
  );

  it(
    "answers a batch of the table's change stream with the stream consumer",
    async () => {
      // A member enrolled and a purchase accepted (in-process): their items are on the stream.
      await acceptedPurchase();
      const event = await streamEvent();
      expect(event.Records.length, 'records of the ledger stream').toBeGreaterThan(0);
      await pool(of('stream'), async (bundle) => {
        const answer = answerOf(bundle, await run(bundle, event)) as { batchItemFailures?: unknown[] };
        expect(answer, bundle.name).toEqual({ batchItemFailures: [] });
        // An empty batch too (the event source never sends one, but a consumer must not mind).
        expect(answerOf(bundle, await run(bundle, { Records: [] })), bundle.name).toEqual({
          batchItemFailures: [],
        });
      });
    },
    budget(2) + 30_000,
  );
});
