/**
 * Imports in memory, with DynamoImportStore's semantics: a member is imported whole (profile,
 * account, its row, entries, records) only when every item is new; a row taken by another member
 * is a conflict, the same row again is already imported, an existing member is `memberExists`.
 */
import { ValidationFailed } from '../../core/errors.js';
import type { AuditEntry } from '../../domain/audit.js';
import {
  type ImportedMember,
  type ImportJob,
  type ImportMemberOutcome,
  ImportStatus,
  type ImportStore,
  type RowFailure,
} from '../../ports/ImportStore.js';
import { copy, type MemoryDatabase } from './MemoryDatabase.js';
import { MemoryMemberStore } from './MemoryMemberStore.js';

interface ImportState {
  job: ImportJob;
  rowsNumbered: number;
  /** Row → the member and fingerprint it was imported with. */
  readonly rows: Map<number, { memberId: string; fingerprint: string }>;
  readonly failures: Map<number, RowFailure & { status: 'failed' | 'resolved' }>;
}

export class MemoryImportStore implements ImportStore {
  private readonly imports = new Map<string, ImportState>();

  constructor(private readonly db: MemoryDatabase) {}

  private state(importId: string): ImportState | undefined {
    return this.imports.get(importId);
  }

  async create(job: ImportJob, audit: readonly AuditEntry[]) {
    const existing = this.imports.get(job.importId);
    if (existing) return { created: false, job: copy(existing.job) };
    if (this.db.auditTaken(audit)) throw new Error(`Creating import ${job.importId}: its audit entry exists`);
    this.imports.set(job.importId, { job: copy(job), rowsNumbered: 0, rows: new Map(), failures: new Map() });
    this.db.putAudit(audit);
    return { created: true, job };
  }

  async get(importId: string) {
    const state = this.state(importId);
    return state ? copy(state.job) : null;
  }

  async complete(importId: string, completedAt: string, audit: readonly AuditEntry[]) {
    const state = this.state(importId);
    if (state?.job.status !== ImportStatus.open || this.db.auditTaken(audit)) return false;
    state.job = { ...state.job, status: ImportStatus.completed, completedAt };
    this.db.putAudit(audit);
    return true;
  }

  async reserveRows(importId: string, count: number) {
    const state = this.state(importId);
    if (!state) throw new Error(`No import ${importId}`);
    state.rowsNumbered += count;
    return state.rowsNumbered - count + 1;
  }

  async importMembers(importId: string, members: readonly ImportedMember[], _deadlineMs: number) {
    const state = this.state(importId);
    return members.map((member): ImportMemberOutcome => {
      const row = state?.rows.get(member.row);
      if (row) {
        return row.fingerprint === member.rowFingerprint
          ? { kind: 'alreadyImported' }
          : { kind: 'rowConflict', memberId: row.memberId };
      }
      if (!state || !MemoryMemberStore.canCreate(this.db, member.profile, member.entries, member.records)) {
        return { kind: 'memberExists' };
      }
      MemoryMemberStore.create(this.db, member.profile, member.account, member.entries, member.records);
      state.rows.set(member.row, { memberId: member.profile.memberId, fingerprint: member.rowFingerprint });
      const failure = state.failures.get(member.row);
      if (member.resolvesFailure && failure)
        state.failures.set(member.row, { ...failure, status: 'resolved' });
      return { kind: 'imported' };
    });
  }

  async failedRows(importId: string, fromRow: number, toRow: number) {
    const rows = new Set<number>();
    for (const [row, failure] of this.state(importId)?.failures ?? []) {
      if (row >= fromRow && row <= toRow && failure.status === 'failed') rows.add(row);
    }
    return rows;
  }

  async importedRows(importId: string, rows: readonly number[]) {
    const imported = this.state(importId)?.rows;
    return new Set(rows.filter((row) => imported?.has(row)));
  }

  async recordFailures(importId: string, failures: readonly RowFailure[], _atIso: string) {
    const state = this.state(importId);
    if (!state) return;
    for (const failure of failures) state.failures.set(failure.row, { ...copy(failure), status: 'failed' });
  }

  async counts(importId: string) {
    const state = this.state(importId);
    const failed = [...(state?.failures.values() ?? [])].filter((failure) => failure.status === 'failed');
    return { imported: state?.rows.size ?? 0, failed: failed.length };
  }

  async failures(importId: string, limit: number, cursor?: Record<string, unknown>) {
    if (cursor && (cursor.importId !== importId || typeof cursor.after !== 'number')) {
      throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this list.' }]);
    }
    const after = (cursor?.after as number | undefined) ?? 0;
    const failed = [...(this.state(importId)?.failures.values() ?? [])]
      .filter((failure) => failure.status === 'failed' && failure.row > after)
      .sort((a, b) => a.row - b.row);
    const items = failed.slice(0, limit).map(({ status: _status, ...failure }) => failure);
    const last = items.at(-1);
    return { items, next: failed.length > limit && last ? { importId, after: last.row } : undefined };
  }
}
