import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { provisionTable } from '../../local/provision.js';
import { startDynamoDbLocal } from '../../local/services/dynamodbLocal.js';
import { tableDefinition } from '../../shared/tableDefinition.js';

describe('local provisioning', () => {
  it('adds the indexes and the stream a table kept under DATA_DIR was created without', async () => {
    // A DynamoDB Local of its own: the shared one holds every other file's tables, and an index
    // build there waits behind all of them.
    const dynamodb = await startDynamoDbLocal({ dataDir: null });
    const client = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    const tableName = `old-${randomUUID().slice(0, 8)}`;
    try {
      // A table of an earlier release: every index but the latest, and no stream.
      const earlier = tableDefinition.globalSecondaryIndexes.slice(0, -1);
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            ...new Set(['pk', 'sk', ...earlier.flatMap((index) => [index.partitionKey, index.sortKey])]),
          ].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: earlier.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
              { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: index.projection },
          })),
        }),
      );
      await provisionTable(client, tableName);
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(
        tableDefinition.globalSecondaryIndexes.map((index) => index.indexName).sort(),
      );
      expect(Table?.StreamSpecification).toEqual({
        StreamEnabled: true,
        StreamViewType: tableDefinition.stream,
      });
    } finally {
      client.destroy();
      await dynamodb.stop();
    }
    // An UpdateTable for the index and one for the stream: slow in DynamoDB Local on a busy machine.
  }, 120_000);
});
