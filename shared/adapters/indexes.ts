/**
 * What the stores list and where, whatever the storage: which records are listed, which accounts,
 * records and profiles the sparse job indexes hold and under what sort key, and the stable shard
 * of an id. The DynamoDB adapters write these as index attributes (keys.ts, DynamoLedgerStore);
 * the memory adapters (shared/adapters/memory/) answer the same lists from them.
 */
import { createHash } from 'node:crypto';
import { OperationKind, type OperationRecord } from '../core/records.js';
import type { AccountState } from '../domain/account.js';
import { NEVER } from '../domain/lots.js';
import { jobIndexShards } from '../tableDefinition.js';

/** A stable shard of an id (a member's, a record's) for the job indexes. */
export function shardOf(id: string, shards = jobIndexShards): number {
  return Number.parseInt(createHash('sha1').update(id).digest('hex').slice(0, 8), 16) % shards;
}

/** Records listed by `LedgerStore.listRecords` (small catalogues); other records are read by id only. */
export const listedRecordKinds: ReadonlySet<OperationKind> = new Set([
  OperationKind.reward,
  OperationKind.program,
]);

/** An index entry: the shard it is in and its sort key there. */
export interface IndexEntry {
  readonly shard: number;
  readonly sortKey: string;
}

/** The expiry index: an active account that holds points that expire, by its soonest expiry date. */
export function expiryIndexOf(account: AccountState): IndexEntry | null {
  const dates = [
    ...Object.entries(account.lots ?? {})
      .filter(([, points]) => points > 0)
      .map(([date]) => date),
    ...(account.pending ?? []).map((lot) => lot.expiresOn),
  ].filter((date) => date !== NEVER);
  const soonest = dates.sort()[0];
  if (!soonest || account.status !== 'active') return null;
  return { shard: shardOf(account.memberId), sortKey: `${soonest}#${account.memberId}` };
}

/** The tier index: an active account above the first tier. */
export function tierIndexOf(account: AccountState, firstTier = 'base'): IndexEntry | null {
  if (account.tier === firstTier || account.status !== 'active') return null;
  return { shard: shardOf(account.memberId), sortKey: account.memberId };
}

/** Held redemptions by hold expiry, for the hold-release job. */
export function holdIndexOf(record: OperationRecord): IndexEntry | null {
  if (record.kind !== OperationKind.redemption || record.data.status !== 'held' || !record.data.holdUntil)
    return null;
  return {
    shard: shardOf(record.id),
    sortKey: `${String(record.data.holdUntil)}#${record.scope}#${record.id}`,
  };
}

/** Notifications waiting to be sent, by creation time, for the relay. */
export function outboxIndexOf(record: OperationRecord): IndexEntry | null {
  if (record.kind !== OperationKind.notification || record.data.status !== 'pending') return null;
  // A member code is sent from its own message (it carries the code), never relayed from the outbox.
  if ((record.data.notification as { kind?: string } | undefined)?.kind === 'memberCode') return null;
  return {
    shard: shardOf(record.scope),
    sortKey: `${String(record.data.createdAt)}#${record.scope}#${record.id}`,
  };
}

/** Accepted purchases by acceptance time until credited or rejected, for the sweeper. */
export function acceptedIndexOf(record: OperationRecord): IndexEntry | null {
  if (record.kind !== OperationKind.purchase || record.data.status !== 'accepted') return null;
  return {
    shard: shardOf(record.id),
    sortKey: `${String(record.data.acceptedAt)}#${record.scope}#${record.id}`,
  };
}

/** Adjustments by status, newest first (`GET /v1/adjustments?status=`): the status and the sort key. */
export function adjustmentIndexOf(record: OperationRecord): { status: string; sortKey: string } | null {
  if (record.kind !== OperationKind.adjustment) return null;
  return { status: String(record.data.status), sortKey: `${String(record.data.createdAt)}#${record.id}` };
}

/** The birthday index's sort key (`<MM-DD>#<memberId>`): one day's birthdays are a key range in each shard. */
export const birthdaySortKey = (memberId: string, birthday: string) => `${birthday.slice(5, 10)}#${memberId}`;
