/**
 * Which error a refused ledger change answers, whatever the storage refused it: a replay first
 * (`OperationExists`, the first `create` whose id is taken), then a counter with less room than
 * assumed (`CounterShort`), then an account that moved on or a concurrent write
 * (`VersionConflict`), then a record not in the expected state (`StaleRecord`). Null when nothing
 * the ledger knows explains it (the adapter throws its own error then).
 */
import type { OperationRecord } from '../core/records.js';
import {
  CounterShort,
  type LedgerChange,
  OperationExists,
  StaleRecord,
  VersionConflict,
} from '../ports/LedgerStore.js';

export interface CommitFailures {
  /** The record writes whose condition failed, by their index in `change.records`, with what was found there. */
  readonly records: ReadonlyMap<number, OperationRecord | null>;
  /** What each counter without room had counted. */
  readonly counters: Readonly<Record<string, number>>;
  /** An account's expected version did not hold. */
  readonly accountMoved: boolean;
  /** Another write held one of the items at the same moment. */
  readonly conflicted: boolean;
}

export function commitRefusal(change: LedgerChange, failures: CommitFailures): Error | null {
  let stale: StaleRecord | undefined;
  for (const [index, write] of change.records.entries()) {
    if (!failures.records.has(index)) continue;
    const current = failures.records.get(index) ?? null;
    if (write.mode === 'create' && current) return new OperationExists(current);
    stale ??=
      write.mode === 'decrement' || write.mode === 'increment'
        ? new StaleRecord(write.kind, write.id, current)
        : new StaleRecord(write.record.kind, write.record.id, current);
  }
  if (Object.keys(failures.counters).length > 0) return new CounterShort(failures.counters);
  if (failures.accountMoved || failures.conflicted)
    return new VersionConflict('An account changed concurrently');
  return stale ?? null;
}
