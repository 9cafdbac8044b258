/**
 * The ledger in memory (issue 18 item 7), with DynamoLedgerStore's semantics: every condition of
 * a change is checked before any write (accounts by expected version, records by mode, entries
 * and facts written once, counters within their limit), then all of it is applied, or none; the
 * account invariants are asserted first, as there; a refusal answers the same error
 * (shared/adapters/commitRefusal.ts).
 */
import { ValidationFailed } from '../../core/errors.js';
import type { OperationKind, OperationRecord } from '../../core/records.js';
import type { AccountState } from '../../domain/account.js';
import { assertAccount } from '../../domain/invariants.js';
import type { LedgerChange, LedgerStore, RecordWrite } from '../../ports/LedgerStore.js';
import { commitRefusal } from '../commitRefusal.js';
import { listedRecordKinds } from '../indexes.js';
import { byKey, copy, entryKeyOf, type MemoryDatabase, recordKeyOf } from './MemoryDatabase.js';

const keyOfWrite = (write: RecordWrite) =>
  write.mode === 'decrement' || write.mode === 'increment'
    ? recordKeyOf(write.kind, write.scope, write.id)
    : recordKeyOf(write.record.kind, write.record.scope, write.record.id);

/** A stored record's data field by name (a counter, a fingerprint), as a condition reads it. */
const fieldOf = (record: OperationRecord | undefined, field: string): unknown =>
  record ? (record.data as object as Readonly<Record<string, unknown>>)[field] : undefined;

/** Whether a record write's condition holds on what is stored. */
function writeHolds(write: RecordWrite, current: OperationRecord | undefined): boolean {
  switch (write.mode) {
    case 'put':
      return true;
    case 'create':
      return current === undefined;
    case 'transition':
      return (
        current !== undefined &&
        current.data.status === write.fromStatus &&
        (write.fromFingerprint === undefined ||
          fieldOf(current, write.fingerprintField ?? 'fingerprint') === write.fromFingerprint)
      );
    case 'decrement': {
      const value = fieldOf(current, write.field);
      return typeof value === 'number' && value >= 1;
    }
    case 'increment':
      return typeof fieldOf(current, write.field) === 'number';
  }
}

/** The record a write leaves. */
function written(write: RecordWrite, current: OperationRecord | undefined): OperationRecord {
  if (write.mode !== 'decrement' && write.mode !== 'increment') return copy(write.record);
  const next = copy(current!);
  const step = write.mode === 'decrement' ? -1 : 1;
  (next.data as object as Record<string, unknown>)[write.field] =
    Number(fieldOf(current, write.field)) + step;
  return next;
}

export class MemoryLedgerStore implements LedgerStore {
  constructor(private readonly db: MemoryDatabase) {}

  async getAccount(memberId: string) {
    const stored = this.db.accounts.get(memberId);
    return stored ? copy(stored.account) : null;
  }

  async getRecord<K extends OperationKind>(kind: K, scope: string, id: string) {
    const record = this.db.records.get(recordKeyOf(kind, scope, id));
    return record ? (copy(record) as OperationRecord<K>) : null;
  }

  async createRecord<K extends OperationKind>(record: OperationRecord<K>) {
    const key = recordKeyOf(record.kind, record.scope, record.id);
    const existing = this.db.records.get(key);
    if (existing) return { created: false, record: copy(existing) as OperationRecord<K> };
    this.db.records.set(key, copy(record));
    return { created: true, record };
  }

  async putRecord(record: OperationRecord) {
    this.db.records.set(recordKeyOf(record.kind, record.scope, record.id), copy(record));
  }

  async commit(change: LedgerChange) {
    // The invariants before any write: an account that breaks one is a bug, refused whole.
    for (const { next } of change.accounts) assertAccount(next);
    const { db } = this;
    const accountMoved = change.accounts.some(({ next, expectedVersion }) => {
      const stored = db.accounts.get(next.memberId);
      return expectedVersion < 0 ? stored !== undefined : stored?.account.version !== expectedVersion;
    });
    const records = new Map<number, OperationRecord | null>();
    for (const [index, write] of change.records.entries()) {
      const current = db.records.get(keyOfWrite(write));
      if (!writeHolds(write, current)) records.set(index, current ? copy(current) : null);
    }
    const counters: Record<string, number> = {};
    for (const take of change.counters ?? []) {
      const spent = db.counters.get(take.counter);
      if (spent !== undefined && spent > take.limit - take.take) counters[take.counter] = spent;
    }
    const taken =
      change.entries.some((entry) => db.hasEntry(entry)) ||
      db.auditTaken(change.audit) ||
      (change.facts ?? []).some((fact) => db.facts.has(fact.factId));
    if (accountMoved || records.size > 0 || Object.keys(counters).length > 0 || taken) {
      throw (
        commitRefusal(change, { records, counters, accountMoved, conflicted: false }) ??
        new Error('The ledger change was refused: an entry, audit entry or fact exists')
      );
    }
    // Every condition held: the whole change, with no await in between.
    for (const { next } of change.accounts) db.putAccount(next);
    for (const write of change.records) {
      const key = keyOfWrite(write);
      db.records.set(key, written(write, db.records.get(key)));
    }
    for (const entry of change.entries) db.putEntry(entry);
    db.putAudit(change.audit);
    for (const take of change.counters ?? [])
      db.counters.set(take.counter, (db.counters.get(take.counter) ?? 0) + take.take);
    for (const fact of change.facts ?? []) db.putFact(fact);
  }

  async getEntry(memberId: string, createdAt: string, transactionId: string) {
    const entry = this.db.entries.get(memberId)?.get(entryKeyOf({ createdAt, transactionId }));
    return entry ? copy(entry) : null;
  }

  async entries(memberId: string, limit: number, cursor?: Record<string, unknown>) {
    if (cursor && (cursor.memberId !== memberId || typeof cursor.before !== 'string')) {
      throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this list.' }]);
    }
    const before = cursor?.before as string | undefined;
    const newestFirst = this.db
      .entriesOf(memberId)
      .reverse()
      .filter(([key]) => before === undefined || key < before);
    const page = newestFirst.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(([, entry]) => copy(entry)),
      next: newestFirst.length > limit && last ? { memberId, before: last[0] } : undefined,
    };
  }

  async *allEntries(memberId: string, range?: { fromIso: string; toIso: string }) {
    for (const [key, entry] of this.db.entriesOf(memberId)) {
      // As the table's `BETWEEN TX#<from> AND TX#<to>` on the sort key.
      if (range && (key < range.fromIso || key > range.toIso)) continue;
      yield copy(entry);
    }
  }

  async *scanAccounts(part?: { index: number; of: number }) {
    const accounts: AccountState[] = [];
    let index = 0;
    for (const { account } of this.db.accounts.values()) {
      if (!part || index % part.of === part.index) accounts.push(copy(account));
      index += 1;
    }
    for (let i = 0; i < accounts.length; i += 100) yield accounts.slice(i, i + 100);
  }

  async listRecords<K extends OperationKind>(kind: K, scope: string) {
    if (!listedRecordKinds.has(kind)) return [];
    return [...this.db.records.values()]
      .filter((record) => record.kind === kind && record.scope === scope)
      .map((record) => [record.id, record] as const)
      .sort(byKey)
      .map(([, record]) => copy(record) as OperationRecord<K>);
  }

  async readCounters(counters: readonly string[]) {
    return Object.fromEntries(counters.map((counter) => [counter, this.db.counters.get(counter) ?? 0]));
  }
}
