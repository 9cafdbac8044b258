/**
 * The local stream poller against DynamoDB Local's real stream: it starts at the trim horizon of
 * a fresh table, filters as the description says, retries from the first failed record of a
 * partial failure, gives a record that keeps failing to the dead-letter queue, and resumes after
 * its checkpoint when started again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { startStreamPollers } from '../../local/streamPoller.js';
import { Env, type StreamDescription, streams } from '../../shared/system.js';
import { emulators } from '../support/useEmulators.js';

const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };
const dynamodb = new DynamoDBClient({ endpoint: emulators.dynamodb, region: 'us-east-1', credentials });
const documents = DynamoDBDocumentClient.from(dynamodb);
const streamsClient = new DynamoDBStreamsClient({
  endpoint: emulators.dynamodb,
  region: 'us-east-1',
  credentials,
});
const sqs = new SQSClient({ endpoint: emulators.sqs, region: 'us-east-1', credentials });
const table = process.env[Env.tableName]!;
const dir = mkdtempSync(join(tmpdir(), 'jifen-stream-'));

afterAll(() => {
  dynamodb.destroy();
  streamsClient.destroy();
  sqs.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const description: StreamDescription = { ...streams.ledger, retryAttempts: 2, batchSize: 10 };

const put = (pk: string, sk: string) =>
  documents.send(new PutCommand({ TableName: table, Item: { pk, sk, n: 1, nested: { empty: {} } } }));

/** A consumer that records what it was given and fails the records `fail` names. */
function consumer(fail: (sk: string, attempt: number) => boolean = () => false) {
  const seen: string[] = [];
  const attempts = new Map<string, number>();
  const invoke = async (_fn: unknown, event: unknown): Promise<DynamoDBBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of (event as DynamoDBStreamEvent).Records) {
      const keys = unmarshall(record.dynamodb!.Keys as never) as { pk: string; sk: string };
      const image = unmarshall(record.dynamodb!.NewImage as never);
      expect(image.nested).toEqual({ empty: {} });
      const attempt = (attempts.get(keys.sk) ?? 0) + 1;
      attempts.set(keys.sk, attempt);
      if (fail(keys.sk, attempt)) failures.push({ itemIdentifier: record.dynamodb!.SequenceNumber! });
      else if (failures.length === 0) seen.push(keys.sk);
    }
    return { batchItemFailures: failures };
  };
  return { seen, attempts, invoke };
}

function poller(
  invoke: ReturnType<typeof consumer>['invoke'],
  options: { checkpointFile?: string; dlq?: string } = {},
) {
  return startStreamPollers({
    dynamodb,
    streamsClient,
    sqs,
    streams: [{ name: 'ledger', tableName: table, description, deadLetterQueueUrl: options.dlq }],
    invoke,
    checkpointFile: options.checkpointFile ?? null,
    pollIntervalMs: 20,
    retryDelayMs: 5,
  });
}

describe('the local stream poller', () => {
  it('reads a fresh table from the trim horizon, delivering only what the filter lets through', async () => {
    await put('MEMBER#s1', 'TX#0001');
    await put('MEMBER#s1', 'PROFILE');
    await put('MEMBER#s1', 'ACCOUNT');
    const { seen, invoke } = consumer();
    const pollers = poller(invoke, { checkpointFile: join(dir, 'checkpoints.json') });
    await pollers.idle();
    await pollers.stop();
    expect(seen).toEqual(['TX#0001', 'ACCOUNT']);
  });

  it('resumes after its checkpoint when started again on the same data', async () => {
    const file = join(dir, 'checkpoints.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.values(Object.values(saved)[0]!)[0]).toMatch(/^\d+$/);
    await put('MEMBER#s1', 'TX#0002');
    const { seen, invoke } = consumer();
    const pollers = poller(invoke, { checkpointFile: file });
    await pollers.idle();
    await pollers.stop();
    expect(seen).toEqual(['TX#0002']);
  });

  it('delivers a partly failed batch again from its first failed record', async () => {
    for (const sk of ['TX#0003', 'TX#0004', 'TX#0005']) await put('MEMBER#s1', sk);
    const { seen, attempts, invoke } = consumer((sk, attempt) => sk === 'TX#0004' && attempt === 1);
    const pollers = poller(invoke, { checkpointFile: join(dir, 'checkpoints.json') });
    await pollers.idle();
    await pollers.stop();
    expect(seen).toEqual(['TX#0003', 'TX#0004', 'TX#0005']);
    expect(attempts.get('TX#0003')).toBe(1);
    expect(attempts.get('TX#0004')).toBe(2);
  });

  it('gives a record that keeps failing to the dead-letter queue and goes on', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `stream-dlq-${Date.now()}` }));
    for (const sk of ['TX#0006', 'TX#0007', 'TX#0008']) await put('MEMBER#s1', sk);
    const { seen, attempts, invoke } = consumer((sk) => sk === 'TX#0007');
    const pollers = poller(invoke, { checkpointFile: join(dir, 'checkpoints.json'), dlq: QueueUrl });
    await pollers.idle();
    await pollers.stop();
    expect(seen).toEqual(['TX#0006', 'TX#0008']);
    expect(attempts.get('TX#0007')).toBeGreaterThan(description.retryAttempts);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
    );
    expect(Messages).toHaveLength(1);
    expect(JSON.parse(Messages[0]!.Body!)).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted' },
      DDBStreamBatchInfo: { batchSize: 1 },
    });
  });
});
