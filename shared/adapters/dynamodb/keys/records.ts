/**
 * The ledger's other items: operation records (`<kind>#<scope>#<id>`, `RECORD`) with the index
 * attributes that list them, bounded counters (`COUNTER#<counter>`, `COUNTER`) and settlement
 * facts (`FACT#<factId>`, `CF#<kind>`).
 */
import { OperationKind as Kinds, type OperationKind, type OperationRecord } from '../../../core/records.js';
import type { ClearingFact } from '../../../ports/LedgerStore.js';
import { jobIndexShard } from './jobs.js';
import { clearingFactSortKeyPrefix } from './members.js';
import { listedIn, listing, shardOf } from './table.js';

export const recordKey = (kind: OperationKind, scope: string, id: string) => ({
  pk: `${kind}#${scope}#${id}`,
  sk: 'RECORD',
});

/** Records listed through the secondary index (small catalogues); other records are read by id only. */
const listedKinds: ReadonlySet<OperationKind> = new Set([Kinds.reward, Kinds.program]);
const catalogueListing = (kind: OperationKind, scope: string) => `${kind}#${scope}`;
const adjustmentListing = (status: string) => `${Kinds.adjustment}#${status}`;

/** Held redemptions are listed by hold expiry (sharded), for the hold-release job. */
function holdIndex(record: OperationRecord) {
  if (record.kind !== Kinds.redemption || record.data.status !== 'held' || !record.data.holdUntil) return {};
  return listing(
    jobIndexShard.holds(shardOf(record.id)),
    `${String(record.data.holdUntil)}#${record.scope}#${record.id}`,
  );
}

/** Notifications waiting to be sent are listed by creation time (sharded), for the relay. */
function outboxIndex(record: OperationRecord) {
  if (record.kind !== Kinds.notification || record.data.status !== 'pending') return {};
  // A member code is sent from its own message (it carries the code), never relayed from the outbox.
  if ((record.data.notification as { kind?: string } | undefined)?.kind === 'memberCode') return {};
  return listing(
    jobIndexShard.outbox(shardOf(record.scope)),
    `${String(record.data.createdAt)}#${record.scope}#${record.id}`,
  );
}

/** Accepted purchases are listed by acceptance time (sharded) until credited or rejected, for the sweeper. */
function acceptedIndex(record: OperationRecord) {
  if (record.kind !== Kinds.purchase || record.data.status !== 'accepted') return {};
  return {
    acceptedShard: jobIndexShard.accepted(shardOf(record.id)),
    acceptedKey: `${String(record.data.acceptedAt)}#${record.scope}#${record.id}`,
  };
}

/** Adjustments are listed by status, newest first (`GET /v1/adjustments?status=`). */
function adjustmentIndex(record: OperationRecord) {
  if (record.kind !== Kinds.adjustment) return {};
  return listing(
    adjustmentListing(String(record.data.status)),
    `${String(record.data.createdAt)}#${record.id}`,
  );
}

/** An operation record as stored, with the index attributes of its kind and status. */
export function recordItem(record: OperationRecord) {
  return {
    ...recordKey(record.kind, record.scope, record.id),
    type: 'record',
    kind: record.kind,
    scope: record.scope,
    id: record.id,
    status: record.data.status,
    data: record.data,
    ...(listedKinds.has(record.kind) ? listing(catalogueListing(record.kind, record.scope), record.id) : {}),
    ...holdIndex(record),
    ...outboxIndex(record),
    ...adjustmentIndex(record),
    ...acceptedIndex(record),
    // Short-lived records (member codes) say when DynamoDB may delete them.
    ...('ttlEpochSeconds' in record.data && typeof record.data.ttlEpochSeconds === 'number'
      ? { ttl: record.data.ttlEpochSeconds }
      : {}),
  };
}

export const recordListings = {
  /** A catalogue's records (rewards, programme versions) of one scope, by id. */
  catalogue: (kind: OperationKind, scope: string) => listedIn(catalogueListing(kind, scope)),
  /** Adjustments of one status, by creation time. */
  adjustments: (status: string) => listedIn(adjustmentListing(status)),
  /** The `gsi1` partition of the adjustments of one status (to check a cursor against). */
  adjustmentsPartition: adjustmentListing,
};

const counterPrefix = 'COUNTER#';

/** A bounded counter (a campaign budget shard): `spent` only grows, and never past the take's limit. */
export const boundedCounterKey = (counter: string) => ({ pk: `${counterPrefix}${counter}`, sk: 'COUNTER' });

/** The counter of a counter item read back. */
export const boundedCounterOfItem = (item: Readonly<Record<string, unknown>>) =>
  String(item.pk).slice(counterPrefix.length);

/** A settlement fact: its sort key begins `CF#`, which the ledger stream's filter lets through. */
export const clearingFactKey = (fact: Pick<ClearingFact, 'factId' | 'kind'>) => ({
  pk: `FACT#${fact.factId}`,
  sk: `${clearingFactSortKeyPrefix}${fact.kind}`,
});
