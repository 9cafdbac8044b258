/**
 * Calls the real Lambda handlers with API Gateway (payload 2.0) and SQS events, against the
 * DynamoDB Local and SQS emulator started by the global setup. No HTTP server in between: these
 * tests exercise handlers, use cases and adapters; test/local covers the runtime over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
  SQSEvent,
} from 'aws-lambda';
import { routeMatcher } from '../../local/apiGateway.js';
import { createInvoker } from '../../local/lambda.js';
import { startQueuePollers } from '../../local/queuePoller.js';
import { startStreamPollers } from '../../local/streamPoller.js';
import { Scope } from '../../shared/core/scopes.js';
import { generateApiKey } from '../../shared/features/partners/apiKeys.js';
import {
  defaultEmailSendRate,
  Env,
  functions,
  type QueueName,
  queues,
  streams,
} from '../../shared/system.js';
import { seed } from '../../shared/wiring/bootstrap.js';
import { emulators, queueUrls } from '../support/useEmulators.js';

/** Each handler runs with its own function's environment, as in the local runtime and on Lambda. */
const invoke = createInvoker({
  environment: {
    tableName: process.env[Env.tableName]!,
    emailSender: process.env[Env.emailSender]!,
    emailSendRate: defaultEmailSendRate,
    publicBaseUrl: process.env[Env.publicBaseUrl]!,
    queueUrls,
  },
});
const matchRoute = routeMatcher();

export interface Response<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: T;
}

/** Invokes the function that serves `METHOD /path` with a payload-2.0 event, as API Gateway would. */
export async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: {
    key?: string | null;
    body?: unknown;
    rawBody?: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): Promise<Response<T>> {
  const [pathOnly = path] = path.split('?');
  const { match } = matchRoute(method, pathOnly);
  if (!match) throw new Error(`No route for ${method} ${path}`);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const event = {
    version: '2.0',
    routeKey: `${match.route.method} ${match.route.path}`,
    rawPath: pathOnly,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: {
      'content-type': 'application/json',
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...options.headers,
    },
    queryStringParameters: options.query,
    pathParameters: Object.keys(match.pathParameters).length > 0 ? match.pathParameters : undefined,
    requestContext: {
      requestId: randomUUID(),
      routeKey: `${match.route.method} ${match.route.path}`,
      http: { method, path: pathOnly, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      stage: '$default',
      timeEpoch: Date.now(),
    },
    body,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const result = (await invoke(functions[match.route.fn], event)) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode ?? 200,
    headers: (result.headers ?? {}) as Record<string, string>,
    body: (result.body && /json/.test(String(result.headers?.['content-type'] ?? 'application/json'))
      ? JSON.parse(result.body)
      : result.body) as T,
  };
}

/** Invokes a queue consumer with real-shaped SQS records. */
export async function deliver(queue: QueueName, bodies: readonly unknown[], receiveCount = 1) {
  const event: SQSEvent = {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body: JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: String(receiveCount),
        SentTimestamp: String(Date.now()),
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:accrual',
      awsRegion: 'us-east-1',
    })),
  };
  return (await invoke(queues[queue].consumer, event)) as { batchItemFailures: { itemIdentifier: string }[] };
}

let adminKey: string | undefined;

/** The admin key of the test table (seeded once per test file). */
export async function admin(): Promise<string> {
  if (!adminKey) {
    adminKey = generateApiKey();
    await seed({ adminKey });
  }
  return adminKey;
}

let partnerCount = 0;

/** A fresh partner with a key holding `scopes`. */
export async function partnerKey(scopes: readonly Scope[], partnerId?: string) {
  const id = partnerId ?? `p-${process.pid}-${Date.now()}-${++partnerCount}`;
  const key = await admin();
  await call('POST', '/v1/partners', { key, body: { partnerId: id, name: `Partner ${id}` } });
  const issued = await call<{ key: string; keyId: string }>('POST', `/v1/partners/${id}/keys`, {
    key,
    body: { scopes },
  });
  return { partnerId: id, key: issued.body.key, keyId: issued.body.keyId };
}

export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A till that enrols a member and has one 100 CNY purchase of theirs accepted (queued, not credited). */
export async function acceptedPurchase() {
  const till = await partnerKey([Scope.membersWrite, Scope.membersRead, Scope.pointsEarn]);
  const memberId = uniqueId('m');
  await call('POST', '/v1/members', { key: till.key, body: { memberId } });
  const purchase = {
    purchaseId: uniqueId('p'),
    memberId,
    storeId: 's',
    occurredAt: new Date().toISOString(),
    currency: 'CNY',
    amount: 10_000,
  };
  const accepted = await call('POST', '/v1/purchases', { key: till.key, body: purchase });
  if (accepted.status !== 202) throw new Error(`The purchase was answered ${accepted.status}`);
  return { till, memberId, purchase };
}

/** Starts a job over the API and waits until its run is no longer running; answers the run. */
export async function runJob(job: string, body: Record<string, unknown> = {}) {
  const key = await admin();
  const started = await call<{ runId: string }>('POST', `/v1/admin/jobs/${job}`, { key, body });
  if (started.status !== 202) throw new Error(`${job} answered ${started.status}`);
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const run = await call<Record<string, unknown>>('GET', `/v1/admin/jobs/runs/${started.body.runId}`, {
      key,
    });
    if (run.body.status !== 'running') return run.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const last = await call<Record<string, unknown>>('GET', `/v1/admin/jobs/runs/${started.body.runId}`, {
    key,
  });
  throw new Error(`${job} did not finish in 30 s: ${JSON.stringify(last.body)}`);
}

/** Runs this file's own queue consumers (see useEmulators.ts), as the local runtime's pollers do. */
export function pollQueues(names: readonly QueueName[]) {
  const sqs = new SQSClient({
    endpoint: emulators.sqs,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
  const pollers = startQueuePollers({
    sqs,
    queues: names.map((name) => ({ name, url: queueUrls[name]!.url, description: queues[name] })),
    invoke,
    onError: (queue, error) => console.error(`queue ${queue}:`, error),
  });
  return {
    idle: (timeoutMs?: number) => pollers.idle(timeoutMs),
    stop: async () => {
      await pollers.stop();
      sqs.destroy();
    },
  };
}

/**
 * Runs this file's stream consumers (the aggregator) over its own table's stream, as the local
 * runtime does (local/streamPoller.ts); `delivered` keeps every event handed to them, for replays.
 */
export function pollStream(options: { checkpointFile?: string } = {}) {
  const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };
  const dynamodb = new DynamoDBClient({ endpoint: emulators.dynamodb, region: 'us-east-1', credentials });
  const streamsClient = new DynamoDBStreamsClient({
    endpoint: emulators.dynamodb,
    region: 'us-east-1',
    credentials,
  });
  const delivered: DynamoDBStreamEvent[] = [];
  const pollers = startStreamPollers({
    dynamodb,
    streamsClient,
    streams: Object.entries(streams).map(([name, description]) => ({
      name,
      tableName: process.env[Env.tableName]!,
      description,
    })),
    invoke: async (fn, event) => {
      delivered.push(event as DynamoDBStreamEvent);
      return invoke(fn, event);
    },
    checkpointFile: options.checkpointFile ?? null,
    pollIntervalMs: 50,
    onError: (stream, error) => console.error(`stream ${stream}:`, error),
  });
  return {
    delivered,
    idle: (timeoutMs?: number) => pollers.idle(timeoutMs),
    stop: async () => {
      await pollers.stop();
      dynamodb.destroy();
      streamsClient.destroy();
    },
  };
}

/** Invokes the stream consumer with `event` again (a replay, as Lambda's retries deliver it). */
export async function redeliver(event: DynamoDBStreamEvent) {
  return (await invoke(streams.ledger.consumer, event)) as DynamoDBBatchResponse;
}

/** A fresh member code, as the brand's app gets one (valid 60 s of business time, single use). */
export async function memberCode(memberId: string): Promise<string> {
  const issued = await call<{ code: string }>('POST', `/v1/members/${memberId}/codes`, {
    key: await admin(),
    body: { channel: 'app' },
  });
  if (issued.status !== 201) throw new Error(`A member code for ${memberId} was answered ${issued.status}`);
  return issued.body.code;
}

/** A redemption at the till, with the member present: a fresh member code goes with it. */
export async function redeem<T = Record<string, unknown>>(
  key: string,
  body: { memberId: string } & Record<string, unknown>,
) {
  return call<T>('POST', '/v1/redemptions', {
    key,
    body: { ...body, memberCode: await memberCode(body.memberId) },
  });
}

export interface StoredEmail {
  readonly destination: { readonly to: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
}

/** What the SES emulator holds for an address, oldest first. */
export async function inbox(address: string): Promise<StoredEmail[]> {
  const store = (await (await fetch(`${emulators.ses}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.filter((email) => email.destination.to.includes(address));
}
