import type { OperationKind, OperationRecord } from '../core/records.js';
import type { AccountState } from '../domain/account.js';
import type { AuditEntry } from '../domain/audit.js';
import type { LedgerEntry } from '../domain/ledgerEntry.js';

/** How an operation record is written inside a ledger transaction. */
export type RecordWrite =
  /** A new record: fails with `OperationExists` when the id was used before. */
  | { readonly mode: 'create'; readonly record: OperationRecord }
  /** Creates or replaces a record whatever it holds (a catalogue entry). */
  | { readonly mode: 'put'; readonly record: OperationRecord }
  /** Replaces a record whose `status` is still the expected one, else `StaleRecord`. */
  | {
      readonly mode: 'transition';
      readonly record: OperationRecord;
      readonly fromStatus: string;
      /**
       * Also requires the stored record's `fingerprint` (or `fingerprintField`, e.g. a counter the
       * record keeps) to be this value: what was read is what is still there.
       */
      readonly fromFingerprint?: string | number;
      /** The data field `fromFingerprint` is compared with (default `fingerprint`). */
      readonly fingerprintField?: string;
    }
  /** Decrements a record's numeric `field` by one when it stays ≥ 0, else `StaleRecord` (reward stock). */
  | {
      readonly mode: 'decrement';
      readonly kind: OperationKind;
      readonly scope: string;
      readonly id: string;
      readonly field: string;
    }
  /** Increments a record's `field` by one when it is a number, else `StaleRecord` (stock given back). */
  | {
      readonly mode: 'increment';
      readonly kind: OperationKind;
      readonly scope: string;
      readonly id: string;
      readonly field: string;
    };

/**
 * Adds `take` to a counter (a campaign budget shard) only while it stays within `limit`: the
 * counter's `spent + take ≤ limit`, checked in the same transaction as the rest of the change.
 */
export interface CounterTake {
  /** The counter's id, e.g. `<campaignId>#<shard>`. */
  readonly counter: string;
  readonly take: number;
  readonly limit: number;
  /** For counters of a bounded time (a day's adjustments): when DynamoDB may delete the counter. */
  readonly ttlEpochSeconds?: number;
}

/**
 * A money fact that moves no points but counts in the settlement: a coupon the programme issued
 * (a birthday gift) and its use at a partner's store. Written once (by `factId`) in the same
 * transaction as the coupon, it reaches the aggregator through the table's stream like an entry.
 */
export interface ClearingFact {
  readonly factId: string;
  readonly kind: 'programme_coupon.issued' | 'programme_coupon.used';
  readonly at: string;
  readonly memberId: string;
  readonly valueFen: number;
  /** Where it was used (`programme_coupon.used`). */
  readonly partnerId?: string;
  readonly storeId?: string;
}

/** One atomic change of one or more member accounts, with its entries and operation records. */
export interface LedgerChange {
  readonly accounts: readonly { readonly next: AccountState; readonly expectedVersion: number }[];
  readonly entries: readonly LedgerEntry[];
  readonly records: readonly RecordWrite[];
  /** Audit entries of the administrative act this change is. */
  readonly audit?: readonly AuditEntry[];
  /** Bounded counters to add to (campaign budgets), each within its limit. */
  readonly counters?: readonly CounterTake[];
  /** Settlement facts of the change (programme coupons), each written once. */
  readonly facts?: readonly ClearingFact[];
}

/** Thrown when an account moved on since it was read: read again and recompute. */
export class VersionConflict extends Error {}

/**
 * Thrown when a counter had less room than the change assumed; carries what each such counter
 * had counted, so the caller recomputes with it and tries again (a VersionConflict: retried).
 */
export class CounterShort extends VersionConflict {
  constructor(readonly counts: Readonly<Record<string, number>>) {
    super(`Counters had less room than assumed: ${Object.keys(counts).join(', ')}`);
  }
}

/** Thrown when a `create` found the id taken; carries the record that holds it. */
export class OperationExists extends Error {
  constructor(readonly existing: OperationRecord) {
    super(`${existing.kind} ${existing.id} exists`);
  }
}

/** Thrown when a `transition` or `decrement` found the record not in the expected state. */
export class StaleRecord extends Error {
  constructor(
    readonly kind: OperationKind,
    readonly id: string,
    readonly current: OperationRecord | null,
  ) {
    super(`${kind} ${id} is not in the expected state`);
  }
}

export interface EntryPage {
  readonly items: readonly LedgerEntry[];
  readonly next: Record<string, unknown> | undefined;
}

export interface LedgerStore {
  getAccount(memberId: string): Promise<AccountState | null>;
  getRecord<K extends OperationKind>(kind: K, scope: string, id: string): Promise<OperationRecord<K> | null>;
  /** Puts a record outside any ledger change (e.g. a purchase accepted for later crediting). */
  createRecord<K extends OperationKind>(
    record: OperationRecord<K>,
  ): Promise<{ created: boolean; record: OperationRecord<K> }>;
  putRecord(record: OperationRecord): Promise<void>;
  /** Commits the change atomically, or throws VersionConflict, OperationExists or StaleRecord. */
  commit(change: LedgerChange): Promise<void>;
  /** One entry, by the key it was written under (a credited purchase's `creditedAt` and earn transaction). */
  getEntry(memberId: string, createdAt: string, transactionId: string): Promise<LedgerEntry | null>;
  /** The member's entries, newest first. */
  entries(memberId: string, limit: number, cursor?: Record<string, unknown>): Promise<EntryPage>;
  /** Every entry of the member, oldest first, or those recorded in [from, to) (statements, checks, reports). */
  allEntries(memberId: string, range?: { fromIso: string; toIso: string }): AsyncIterable<LedgerEntry>;
  /**
   * Every account, a page at a time (ledger check and reports); with `part`, only that part of
   * `of` disjoint parts, so that several readers can share the work.
   */
  scanAccounts(part?: { index: number; of: number }): AsyncIterable<readonly AccountState[]>;
  listRecords<K extends OperationKind>(kind: K, scope: string): Promise<readonly OperationRecord<K>[]>;
  /** What each counter has counted (0 for one never written). */
  readCounters(counters: readonly string[]): Promise<Record<string, number>>;
}
