/**
 * The ledger's other items: operation records (`<kind>#<scope>#<id>`, `RECORD`) with the index
 * attributes that list them, bounded counters (`COUNTER#<counter>`, `COUNTER`) and settlement
 * facts (`FACT#<factId>`, `CF#<kind>`).
 */
import { OperationKind as Kinds, type OperationKind, type OperationRecord } from '../../../core/records.js';
import type { ClearingFact } from '../../../ports/LedgerStore.js';
import {
  acceptedIndexOf,
  adjustmentIndexOf,
  holdIndexOf,
  listedRecordKinds,
  outboxIndexOf,
} from '../../indexes.js';
import { jobIndexShard } from './jobs.js';
import { clearingFactSortKeyPrefix } from './members.js';
import { listedIn, listing } from './table.js';

export const recordKey = (kind: OperationKind, scope: string, id: string) => ({
  pk: `${kind}#${scope}#${id}`,
  sk: 'RECORD',
});

const catalogueListing = (kind: OperationKind, scope: string) => `${kind}#${scope}`;
const adjustmentListing = (status: string) => `${Kinds.adjustment}#${status}`;

/**
 * The record's entries in the secondary indexes: which records each index lists and under what
 * sort key is the stores' shared knowledge (shared/adapters/indexes.ts); the partition each lands
 * in is this table's.
 */
function indexAttributes(record: OperationRecord) {
  const hold = holdIndexOf(record);
  const outbox = outboxIndexOf(record);
  const adjustment = adjustmentIndexOf(record);
  const accepted = acceptedIndexOf(record);
  return {
    ...(listedRecordKinds.has(record.kind)
      ? listing(catalogueListing(record.kind, record.scope), record.id)
      : {}),
    ...(hold ? listing(jobIndexShard.holds(hold.shard), hold.sortKey) : {}),
    ...(outbox ? listing(jobIndexShard.outbox(outbox.shard), outbox.sortKey) : {}),
    ...(adjustment ? listing(adjustmentListing(adjustment.status), adjustment.sortKey) : {}),
    ...(accepted
      ? { acceptedShard: jobIndexShard.accepted(accepted.shard), acceptedKey: accepted.sortKey }
      : {}),
  };
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
    ...indexAttributes(record),
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
