import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../../core/errors.js';
import { type AdjustmentStatus, OperationKind } from '../../core/records.js';
import type { AdjustmentList } from '../../ports/AdjustmentList.js';
import { toRecord } from './DynamoLedgerStore.js';
import { documentClient, tableName } from './documentClient.js';

/** Adjustment records through `gsi1` (`ADJUSTMENT#<status>`, `<createdAt>#<adjustmentId>`), newest first. */
export class DynamoAdjustmentList implements AdjustmentList {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly table: string = tableName(),
  ) {}

  async page(status: AdjustmentStatus, limit: number, cursor?: Record<string, unknown>) {
    const partition = `${OperationKind.adjustment}#${status}`;
    if (cursor && (cursor.gsi1pk !== partition || typeof cursor.gsi1sk !== 'string')) {
      throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this list.' }]);
    }
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor,
      }),
    );
    const items = Items.map((item) => toRecord<typeof OperationKind.adjustment>(item));
    return { items, next: LastEvaluatedKey };
  }
}
