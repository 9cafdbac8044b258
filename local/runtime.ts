/**
 * The whole system on one machine: DynamoDB Local, the SQS and SES emulators, the API (the real
 * handlers behind a local API Gateway), the queue consumers and the schedules, all built from
 * shared/system.ts. `stop()` stops everything it started, also after a failed start.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import { businessClock, setBusinessClock } from '../shared/core/clock.js';
import { generateApiKey } from '../shared/features/partners/apiKeys.js';
import { schedules } from '../shared/jobs/list.js';
import { defaultEmailSendRate, Env, queues, streams } from '../shared/system.js';
import { tableDefinition } from '../shared/tableDefinition.js';
import { createGateway } from './apiGateway.js';
import { startLocalConsole } from './consoleAssets.js';
import { localEndpoints } from './devEndpoints.js';
import { createInvoker } from './lambda.js';
import {
  exportQueueUrls,
  provisionQueues,
  provisionStreamDeadLetterQueues,
  provisionTable,
} from './provision.js';
import { type QueuePollers, startQueuePollers } from './queuePoller.js';
import { type Scheduler, startScheduler } from './scheduler.js';
import { type RunningService, startDynamoDbLocal } from './services/dynamodbLocal.js';
import { startSes, startSqs } from './services/emulators.js';
import { type StreamPollers, startStreamPollers } from './streamPoller.js';

export interface RuntimeOptions {
  readonly port: number;
  /** A directory, or ':memory:' to keep nothing. */
  readonly dataDir: string;
  readonly adminKey?: string;
  readonly log?: (line: string) => void;
  /** Fixed emulator ports; free ones are found otherwise. */
  readonly ports?: { dynamodb?: string; sqs?: string; ses?: string };
}

export interface LocalRuntime {
  readonly baseUrl: string;
  readonly adminKey: string;
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly ses: string };
  readonly queueUrls: Readonly<Record<string, { url: string; dlqUrl: string }>>;
  readonly pollers: QueuePollers;
  /** The readers of the table's change stream (the aggregator). */
  readonly streams: StreamPollers;
  stop(): Promise<void>;
}

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function adminKeyFor(dataDir: string | null, given: string | undefined, log: (line: string) => void): string {
  if (given) return given;
  const file = dataDir ? join(dataDir, 'admin-key') : null;
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = generateApiKey();
  if (file) {
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  log(`Admin key (shown once${file ? `, kept in ${file}` : ''}): ${key}`);
  return key;
}

export async function startLocalRuntime(options: RuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = options.dataDir === ':memory:' ? null : resolve(options.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    while (stops.length > 0)
      await stops
        .pop()?.()
        .catch(() => undefined);
  };

  try {
    // The operator console builds (when stale) alongside the rest of start-up.
    const operatorConsole = startLocalConsole(log);
    stops.push(operatorConsole.stop);
    const dynamodb = await startDynamoDbLocal({ dataDir, port: options.ports?.dynamodb });
    stops.push(dynamodb.stop);
    const sqs: RunningService = await startSqs({ port: options.ports?.sqs });
    stops.push(sqs.stop);
    const ses: RunningService = await startSes({ port: options.ports?.ses });
    stops.push(ses.stop);

    const baseUrl = `http://127.0.0.1:${options.port}`;
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      [Env.tableName]: tableDefinition.localTableName,
      [Env.emailSender]: process.env[Env.emailSender] ?? 'no-reply@jifen.local',
      [Env.publicBaseUrl]: baseUrl,
      [Env.stage]: 'local',
      POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
      // Business metrics would print one JSON line per invocation; `false` shows them.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    });

    const dynamoClient = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: 'us-east-1',
      credentials: localCredentials,
    });
    const sqsClient = new SQSClient({
      endpoint: sqs.endpoint,
      region: 'us-east-1',
      credentials: localCredentials,
    });
    const streamsClient = new DynamoDBStreamsClient({
      endpoint: dynamodb.endpoint,
      region: 'us-east-1',
      credentials: localCredentials,
    });
    stops.push(async () => {
      dynamoClient.destroy();
      sqsClient.destroy();
      streamsClient.destroy();
    });
    await provisionTable(dynamoClient);
    const queueUrls = await provisionQueues(sqsClient, queues);
    exportQueueUrls(queueUrls);
    const streamDlqUrls = await provisionStreamDeadLetterQueues(sqsClient, streams);

    const adminKey = adminKeyFor(dataDir, options.adminKey, log);
    const { seed } = await import('../shared/wiring/bootstrap.js');
    await seed({ adminKey });

    // Each handler runs with its own function's environment, as on Lambda (shared/runtimeEnvironment.ts).
    const invoke = createInvoker({
      environment: {
        tableName: tableDefinition.localTableName,
        emailSender: process.env[Env.emailSender] ?? 'no-reply@jifen.local',
        emailSendRate: Number(process.env[Env.emailSendRate] ?? defaultEmailSendRate),
        publicBaseUrl: baseUrl,
        queueUrls,
      },
    });
    const onError = (error: unknown) =>
      log(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const server: Server = createGateway({
      invoke,
      extraRoutes: localEndpoints({
        sesEndpoint: ses.endpoint,
        clock: businessClock,
        setClock: setBusinessClock,
      }),
      onError,
    });
    operatorConsole.mount(server);
    await operatorConsole.ready;
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(options.port, '127.0.0.1', () => resolveListen());
    });
    stops.push(
      () =>
        new Promise((resolveClose) => {
          server.closeAllConnections();
          server.close(() => resolveClose());
        }),
    );

    const pollers = startQueuePollers({
      sqs: sqsClient,
      queues: Object.entries(queues).map(([name, description]) => ({
        name,
        url: queueUrls[name]!.url,
        description,
      })),
      invoke,
      onError: (queue, error) => onError(new Error(`queue ${queue}: ${(error as Error)?.message ?? error}`)),
    });
    stops.push(pollers.stop);

    // The change stream's consumers, resuming after the checkpoints kept under DATA_DIR.
    const streamPollers = startStreamPollers({
      dynamodb: dynamoClient,
      streamsClient,
      sqs: sqsClient,
      streams: Object.entries(streams).map(([name, description]) => ({
        name,
        tableName: tableDefinition.localTableName,
        description,
        deadLetterQueueUrl: streamDlqUrls[name],
      })),
      invoke,
      checkpointFile: dataDir ? join(dataDir, 'stream-checkpoints.json') : null,
      onError: (stream, error) =>
        onError(new Error(`stream ${stream}: ${(error as Error)?.message ?? error}`)),
    });
    stops.push(streamPollers.stop);

    const scheduler: Scheduler = startScheduler({
      schedules,
      clock: businessClock,
      invoke,
      onError: (schedule, error) =>
        onError(new Error(`schedule ${schedule.name}: ${(error as Error)?.message ?? error}`)),
    });
    stops.push(scheduler.stop);

    return {
      baseUrl,
      adminKey,
      endpoints: { dynamodb: dynamodb.endpoint, sqs: sqs.endpoint, ses: ses.endpoint },
      queueUrls,
      pollers,
      streams: streamPollers,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
