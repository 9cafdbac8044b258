/** Creates the table and the queues of shared/system.ts in the emulators, if they are missing. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { tableDefinition } from '../shared/adapters/dynamodb/tableDefinition.js';
import { Env, type QueueDescription, type QueueName } from '../shared/system.js';

export async function provisionTable(
  client: DynamoDBClient,
  tableName: string = tableDefinition.localTableName,
) {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
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
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    }),
  );
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

/** Tells the handlers of this process where each queue and its dead-letter queue are. */
export function exportQueueUrls(urls: Readonly<Record<string, { url: string; dlqUrl: string }>>): void {
  for (const [name, { url, dlqUrl }] of Object.entries(urls)) {
    process.env[Env.queueUrl(name as QueueName)] = url;
    process.env[Env.deadLetterQueueUrl(name as QueueName)] = dlqUrl;
  }
}
