/**
 * The state behind the memory adapters: what the single table holds, as plain maps, shared by the
 * stores as the table is. A change is atomic because the stores check every condition and then
 * apply every write with no `await` in between. Values are copied in and out (as a table returns
 * fresh items, without `undefined` fields), so no caller holds a stored object. Account, entry and
 * settlement-fact changes are kept as the ledger stream would deliver them, for the aggregator.
 */
import type { OperationRecord } from '../../core/records.js';
import type { AccountState } from '../../domain/account.js';
import type { CounterPeriod, MemberStats, StreamChange } from '../../domain/aggregates.js';
import type { AuditEntry } from '../../domain/audit.js';
import type { LedgerEntry } from '../../domain/ledgerEntry.js';
import type { JobRun } from '../../ports/JobStore.js';
import type { ClearingFact } from '../../ports/LedgerStore.js';
import type { MemberProfile } from '../../ports/MemberStore.js';
import { expiryIndexOf, type IndexEntry, tierIndexOf } from '../indexes.js';

/** A deep copy without `undefined` fields, as an item read back from the table. */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** An account with its entries in the expiry and tier indexes (erasure takes it out of the tier one only). */
export interface StoredAccount {
  readonly account: AccountState;
  readonly expiry: IndexEntry | null;
  readonly tier: IndexEntry | null;
}

/** A profile with its entries in the mail and birthday indexes. */
export interface StoredProfile {
  readonly profile: MemberProfile;
  readonly erasedAt?: string;
  readonly mail: boolean;
  readonly birthday: string | null;
}

export const recordKeyOf = (kind: string, scope: string, id: string) => `${kind}#${scope}#${id}`;
/** An entry's key within its member: sorted by creation time, as the table sorts them. */
export const entryKeyOf = (entry: Pick<LedgerEntry, 'createdAt' | 'transactionId'>) =>
  `${entry.createdAt}#${entry.transactionId}`;
export const auditKeyOf = (entry: AuditEntry) => `${entry.at}#${entry.auditId}`;

export class MemoryDatabase {
  readonly accounts = new Map<string, StoredAccount>();
  readonly profiles = new Map<string, StoredProfile>();
  readonly records = new Map<string, OperationRecord>();
  /** Member id → entry key → entry. */
  readonly entries = new Map<string, Map<string, LedgerEntry>>();
  readonly counters = new Map<string, number>();
  readonly facts = new Map<string, ClearingFact>();
  readonly audit = new Map<string, AuditEntry>();
  readonly runs = new Map<string, JobRun>();
  /** Run id → the attempt and message ids it counted. */
  readonly runMessages = new Map<string, Set<string>>();
  /** The aggregator's figures of each member, with the segment the segments job gave it. */
  readonly memberStats = new Map<
    string,
    MemberStats & { segment?: string; segmentAsOf?: string; segmentRunId?: string }
  >();
  /** Counters of the aggregates: scope → period → the period and its figures (by their counterKeyId text). */
  readonly aggregates = new Map<
    string,
    Map<string, { readonly period: CounterPeriod; readonly figures: Record<string, number> }>
  >();
  /** Markers of what was counted once (aggregated facts, segments messages). */
  readonly markers = new Set<string>();
  /** Other small items by key (histograms, segment counts, the latest segments, imports). */
  readonly items = new Map<string, Record<string, unknown>>();
  private readonly stream: StreamChange[] = [];
  private events = 0;

  /** Puts an account, with its index entries, as the stream sees it. */
  putAccount(account: AccountState): void {
    const before = this.accounts.get(account.memberId);
    const stored = copy(account);
    this.accounts.set(account.memberId, {
      account: stored,
      expiry: expiryIndexOf(stored),
      tier: tierIndexOf(stored),
    });
    this.changed('account', `account|${account.memberId}`, account.memberId, before?.account, stored);
  }

  /** Replaces an account's state without touching its index entries but the tier one (erasure). */
  eraseAccount(memberId: string, account: AccountState): void {
    const before = this.accounts.get(memberId)!;
    const stored = copy(account);
    this.accounts.set(memberId, { account: stored, expiry: before.expiry, tier: null });
    this.changed('account', `account|${memberId}`, memberId, before.account, stored);
  }

  hasEntry(entry: LedgerEntry): boolean {
    return this.entries.get(entry.memberId)?.has(entryKeyOf(entry)) ?? false;
  }

  putEntry(entry: LedgerEntry): void {
    let entries = this.entries.get(entry.memberId);
    if (!entries) {
      entries = new Map();
      this.entries.set(entry.memberId, entries);
    }
    const stored = copy(entry);
    entries.set(entryKeyOf(entry), stored);
    this.changed('entry', `entry|${entry.memberId}|${entryKeyOf(entry)}`, entry.memberId, undefined, stored);
  }

  putFact(fact: ClearingFact): void {
    const stored = copy(fact);
    this.facts.set(fact.factId, stored);
    this.changed('clearingFact', `fact|${fact.factId}|${fact.kind}`, undefined, undefined, {
      type: 'clearingFact',
      ...stored,
    });
  }

  putAudit(entries: readonly AuditEntry[] = []): void {
    for (const entry of entries) this.audit.set(auditKeyOf(entry), copy(entry));
  }

  /** Whether any of these audit entries was written before (their put would fail its condition). */
  auditTaken(entries: readonly AuditEntry[] = []): boolean {
    return entries.some((entry) => this.audit.has(auditKeyOf(entry)));
  }

  /** The member's entries, oldest first. */
  entriesOf(memberId: string): [string, LedgerEntry][] {
    return [...(this.entries.get(memberId) ?? new Map<string, LedgerEntry>()).entries()].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
  }

  /** The stream's changes since the last call, oldest first (the aggregator's next batch). */
  takeChanges(): StreamChange[] {
    return this.stream.splice(0, this.stream.length);
  }

  private changed(
    kind: 'account' | 'entry' | 'clearingFact',
    id: string,
    memberId: string | undefined,
    oldImage: object | undefined,
    newImage: object,
  ): void {
    this.events += 1;
    this.stream.push({
      eventId: `memory-${this.events}`,
      eventName: oldImage ? 'MODIFY' : 'INSERT',
      item: { kind, id, ...(memberId === undefined ? {} : { memberId }) },
      // The stored objects themselves: a stored object is replaced, never changed in place.
      ...(oldImage ? { oldImage: oldImage as Record<string, unknown> } : {}),
      newImage: newImage as Record<string, unknown>,
    });
  }
}

/** A page of sorted keys after `cursor` (`{ after }`), as a table's query with a limit pages. */
export function pageOf<T>(
  sorted: readonly (readonly [string, T])[],
  limit: number,
  cursor?: Record<string, unknown>,
): { items: T[]; next: Record<string, unknown> | undefined } {
  const after = typeof cursor?.after === 'string' ? cursor.after : undefined;
  const rest = after === undefined ? sorted : sorted.filter(([key]) => key > after);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(([, item]) => item),
    next: rest.length > limit && last ? { after: last[0] } : undefined,
  };
}

export const byKey = <T>(a: readonly [string, T], b: readonly [string, T]) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
