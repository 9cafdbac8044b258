import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { provisionTable } from '../../local/provision.js';
import { tableDefinition } from '../../shared/adapters/dynamodb/tableDefinition.js';
import { emulators } from '../support/useEmulators.js';

describe('local provisioning', () => {
  it('adds the indexes and the stream a table kept under DATA_DIR was created without', async () => {
    const client = new DynamoDBClient({
      endpoint: emulators.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    const tableName = `old-${randomUUID().slice(0, 8)}`;
    try {
      const first = tableDefinition.globalSecondaryIndexes[0]!;
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: ['pk', 'sk', first.partitionKey, first.sortKey].map((name) => ({
            AttributeName: name,
            AttributeType: 'S',
          })),
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: first.indexName,
              KeySchema: [
                { AttributeName: first.partitionKey, KeyType: 'HASH' },
                { AttributeName: first.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: first.projection },
            },
          ],
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
    }
    // One UpdateTable per index and one for the stream: slow in DynamoDB Local on a busy machine.
  }, 90_000);
});
