/**
 * The writes of an import (DynamoImportStore.importMembers): one member's items, each on
 * condition that it is new, and what the cancellation reasons of a failed transaction say of it.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ImportedMember, ImportMemberOutcome } from '../../ports/ImportStore.js';
import {
  accountItem,
  entryItem,
  ifAbsent,
  importKeys,
  importRowItem,
  profileItem,
  recordItem,
} from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A failed row's status: failed, or resolved by a later import of the row. */
export const FailureStatus = { failed: 'failed', resolved: 'resolved' } as const;

type CancellationReason = { Code?: string; Item?: Record<string, unknown> } | undefined;

/** One member's part of a cancelled transaction: its outcome, `ok` (blameless), or `retry`. */
export function classify(
  reasons: readonly CancellationReason[],
  rowFingerprint: string,
): ImportMemberOutcome | 'ok' | 'retry' | 'fatal' {
  const row = reasons[2];
  if (row?.Code === 'ConditionalCheckFailed') {
    const existing = row.Item ? unmarshall(row.Item as never) : null;
    if (existing?.fingerprint === rowFingerprint) return { kind: 'alreadyImported' };
    return { kind: 'rowConflict', memberId: String(existing?.memberId ?? '') };
  }
  if (reasons.some((reason) => reason?.Code === 'ConditionalCheckFailed')) return { kind: 'memberExists' };
  if (reasons.some((reason) => reason?.Code === 'TransactionConflict')) return 'retry';
  // Throttling, a validation error: the request fails (429 or 500) and the chunk is sent again.
  return reasons.some((reason) => reason?.Code && reason.Code !== 'None') ? 'fatal' : 'ok';
}

/** The items of one member, every one on condition that it is new (the row record at index 2). */
export function memberItems(table: string, importId: string, member: ImportedMember): TransactItem[] {
  const notExists = { ConditionExpression: ifAbsent };
  const items: TransactItem[] = [
    { Put: { TableName: table, Item: profileItem(member.profile), ...notExists } },
    { Put: { TableName: table, Item: accountItem(member.account), ...notExists } },
    {
      Put: {
        TableName: table,
        Item: importRowItem(importId, member.row, {
          memberId: member.profile.memberId,
          fingerprint: member.rowFingerprint,
          importedAt: member.importedAt,
        }),
        ...notExists,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    ...member.entries.map((entry) => ({
      Put: { TableName: table, Item: entryItem(entry), ...notExists },
    })),
    ...member.records.map((record) => ({
      Put: { TableName: table, Item: recordItem(record), ...notExists },
    })),
  ];
  if (member.resolvesFailure) {
    items.push({
      Update: {
        TableName: table,
        Key: importKeys.failure(importId, member.row),
        UpdateExpression: 'SET #status = :resolved',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':resolved': FailureStatus.resolved },
      },
    });
  }
  return items;
}
