import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../../core/errors.js';
import type { AdjustmentStatus, OperationKind } from '../../core/records.js';
import type { AdjustmentList } from '../../ports/AdjustmentList.js';
import { toRecord } from './DynamoLedgerStore.js';
import { documentClient, tableName } from './documentClient.js';
import { isListingCursor, recordListings } from './keys.js';

/** Adjustment records of a status, newest first (keys/records.ts `adjustmentIndex`). */
export class DynamoAdjustmentList implements AdjustmentList {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly table: string = tableName(),
  ) {}

  async page(status: AdjustmentStatus, limit: number, cursor?: Record<string, unknown>) {
    if (cursor && !isListingCursor(cursor, recordListings.adjustmentsPartition(status))) {
      throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this list.' }]);
    }
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        ...recordListings.adjustments(status),
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor,
      }),
    );
    const items = Items.map((item) => toRecord<typeof OperationKind.adjustment>(item));
    return { items, next: LastEvaluatedKey };
  }
}
