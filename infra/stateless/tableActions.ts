/**
 * The DynamoDB actions of a function's declared table access (shared/system.ts `TableAccess`),
 * and nothing more. Transactions need no action of their own: a TransactWriteItems is allowed
 * by the Put, Update and ConditionCheck actions of its items.
 */
import type { TableAccess } from '../../shared/system.js';

/** Reads; Query and Scan also on the indexes. */
export const readActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan'];
export const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'];
export const deleteActions = ['dynamodb:DeleteItem'];
/** BatchWriteItem puts and deletes alike, so only a function that may do both gets it. */
export const batchWriteActions = ['dynamodb:BatchWriteItem'];

export interface TableActions {
  /** On the table and its indexes. */
  readonly onTableAndIndexes: readonly string[];
  /** On the table alone (writes never name an index). */
  readonly onTable: readonly string[];
}

export function tableActions(access: TableAccess | undefined): TableActions {
  return {
    onTableAndIndexes: access?.read ? readActions : [],
    onTable: [
      ...(access?.write ? writeActions : []),
      ...(access?.delete ? deleteActions : []),
      ...(access?.write && access.delete ? batchWriteActions : []),
    ],
  };
}
