/** Creates the table and the queues of shared/system.ts in the emulators, if they are missing. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { Env, type QueueDescription, type QueueName } from '../shared/system.js';
import { tableDefinition } from '../shared/tableDefinition.js';

/** The table's change stream, as tableDefinition describes it (the aggregator reads it). */
const streamSpecification = { StreamEnabled: true, StreamViewType: tableDefinition.stream } as const;

export async function provisionTable(
  client: DynamoDBClient,
  tableName: string = tableDefinition.localTableName,
) {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    await addMissingIndexes(
      client,
      tableName,
      new Set(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)),
    );
    if (!Table?.StreamSpecification?.StreamEnabled) {
      // A table kept under DATA_DIR from before the stream: the aggregates start from here on.
      await client.send(
        new UpdateTableCommand({ TableName: tableName, StreamSpecification: streamSpecification }),
      );
    }
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const keys = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
  for (const index of tableDefinition.globalSecondaryIndexes) {
    keys.add(index.partitionKey);
    keys.add(index.sortKey);
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...keys].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: index.projection },
      })),
      StreamSpecification: streamSpecification,
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    }),
  );
}

/**
 * Adds the indexes a table under `DATA_DIR` was created without (an index added since): one at a
 * time, as DynamoDB requires; DynamoDB fills each from the items already there.
 */
async function addMissingIndexes(
  client: DynamoDBClient,
  tableName: string,
  existing: ReadonlySet<string | undefined>,
) {
  for (const index of tableDefinition.globalSecondaryIndexes) {
    if (existing.has(index.indexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.indexName,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: index.projection },
            },
          },
        ],
      }),
    );
    await untilActive(client, tableName);
  }
}

/** Waits until the table and all its indexes are ACTIVE: DynamoDB takes one index change at a time. */
async function untilActive(client: DynamoDBClient, tableName: string) {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    if (Table?.TableStatus === 'ACTIVE' && indexes.every((index) => index.IndexStatus === 'ACTIVE')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Table ${tableName} did not become active`);
}

/** Creates each queue (names prefixed by `prefix`) with its dead-letter queue; returns the URLs by name. */
export async function provisionQueues(
  client: SQSClient,
  queues: Readonly<Record<string, QueueDescription>>,
  prefix = '',
): Promise<Record<string, { url: string; dlqUrl: string }>> {
  const urls: Record<string, { url: string; dlqUrl: string }> = {};
  for (const [name, queue] of Object.entries(queues)) {
    const dlq = await client.send(
      new CreateQueueCommand({
        QueueName: `${prefix}${name}-dlq`,
        Attributes: { MessageRetentionPeriod: '1209600' },
      }),
    );
    const dlqUrl = dlq.QueueUrl!;
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
    );
    const created = await client.send(
      new CreateQueueCommand({
        QueueName: `${prefix}${name}`,
        Attributes: {
          VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: Attributes?.QueueArn,
            maxReceiveCount: queue.maxReceiveCount,
          }),
        },
      }),
    );
    urls[name] = { url: created.QueueUrl!, dlqUrl };
  }
  return urls;
}

/** Creates each stream consumer's dead-letter queue (`<prefix><stream>-stream-dlq`); returns the URLs by stream. */
export async function provisionStreamDeadLetterQueues(
  client: SQSClient,
  streams: Readonly<Record<string, unknown>>,
  prefix = '',
): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  for (const name of Object.keys(streams)) {
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({
        QueueName: `${prefix}${name}-stream-dlq`,
        Attributes: { MessageRetentionPeriod: '1209600' },
      }),
    );
    urls[name] = QueueUrl!;
  }
  return urls;
}

/** Tells the handlers of this process where each queue and its dead-letter queue are. */
export function exportQueueUrls(urls: Readonly<Record<string, { url: string; dlqUrl: string }>>): void {
  for (const [name, { url, dlqUrl }] of Object.entries(urls)) {
    process.env[Env.queueUrl(name as QueueName)] = url;
    process.env[Env.deadLetterQueueUrl(name as QueueName)] = dlqUrl;
  }
}
