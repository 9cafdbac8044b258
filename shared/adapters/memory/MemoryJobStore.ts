/**
 * Job runs and the job indexes in memory, with DynamoJobStore's semantics: a run is created once,
 * restarted only when failed, finished once; a message's counts are added once per attempt. The
 * indexes are read from the accounts, records and profiles as the table's sparse indexes hold them
 * (shared/adapters/indexes.ts), a shard and a page at a time.
 */
import type { AuditEntry } from '../../domain/audit.js';
import type { IndexPage, JobRun, JobRunDelta, JobStatus, JobStore } from '../../ports/JobStore.js';
import {
  acceptedIndexOf,
  birthdaySortKey,
  holdIndexOf,
  type IndexEntry,
  outboxIndexOf,
  shardOf,
} from '../indexes.js';
import { byKey, copy, type MemoryDatabase, pageOf } from './MemoryDatabase.js';

const counterNames = ['processed', 'failed', 'shardsDone', 'outstanding'] as const;
const attemptOf = (run: Pick<JobRun, 'attempt'>) => run.attempt ?? 1;

export class MemoryJobStore implements JobStore {
  constructor(private readonly db: MemoryDatabase) {}

  async createRun(run: JobRun, audit: readonly AuditEntry[] = []) {
    const existing = this.db.runs.get(run.runId);
    if (existing) return { created: false, run: copy(existing) };
    if (this.db.auditTaken(audit)) throw new Error(`Creating run ${run.runId}: its audit entry exists`);
    this.db.runs.set(run.runId, copy(run));
    this.db.putAudit(audit);
    return { created: true, run };
  }

  async restartRun(run: JobRun, audit: readonly AuditEntry[] = []) {
    if (this.db.runs.get(run.runId)?.status !== 'failed' || this.db.auditTaken(audit)) {
      throw new Error(`Run ${run.runId} is not failed`);
    }
    this.db.runs.set(run.runId, copy(run));
    this.db.putAudit(audit);
  }

  async markDispatched(runId: string) {
    const run = this.db.runs.get(runId);
    if (!run) throw new Error(`No run ${runId}`);
    this.db.runs.set(runId, { ...run, dispatched: true });
  }

  async getRun(runId: string) {
    const run = this.db.runs.get(runId);
    return run ? copy(run) : null;
  }

  async countOnce(run: JobRun, messageId: string, delta: JobRunDelta) {
    let messages = this.db.runMessages.get(run.runId);
    if (!messages) {
      messages = new Set();
      this.db.runMessages.set(run.runId, messages);
    }
    const marker = `${attemptOf(run)}#${messageId}`;
    if (messages.has(marker)) return { counted: false, run: (await this.getRun(run.runId))! };
    messages.add(marker);
    const stored = this.db.runs.get(run.runId);
    // The counts belong to the run's current attempt: a message of an earlier one counts nowhere.
    if (stored && attemptOf(stored) === attemptOf(run)) {
      const counts: Record<string, number> = {};
      for (const name of counterNames) counts[name] = Number(stored[name] ?? 0) + Number(delta[name] ?? 0);
      this.db.runs.set(run.runId, { ...stored, ...counts });
    }
    return { counted: true, run: (await this.getRun(run.runId))! };
  }

  async listRuns(limit: number) {
    return [...this.db.runs.values()]
      .filter((run) => run.listed)
      .map((run) => [`${run.startedAt}#${run.runId}`, run] as const)
      .sort(byKey)
      .reverse()
      .slice(0, limit)
      .map(([, run]) => copy(run));
  }

  async finish(runId: string, status: JobStatus, finishedAt: string) {
    const run = this.db.runs.get(runId);
    if (run?.status === 'running') this.db.runs.set(runId, { ...run, status, finishedAt });
  }

  /** A page of one shard of an index: its entries below `most` (inclusive or not), by sort key. */
  private page<T>(
    entries: Iterable<{ entry: IndexEntry | null; item: T }>,
    shard: number,
    limit: number,
    cursor: Record<string, unknown> | undefined,
    within: (sortKey: string) => boolean = () => true,
  ): IndexPage<T> {
    const sorted: [string, T][] = [];
    for (const { entry, item } of entries) {
      if (entry && entry.shard === shard && within(entry.sortKey)) sorted.push([entry.sortKey, item]);
    }
    return pageOf(sorted.sort(byKey), limit, cursor);
  }

  private *accounts(index: 'expiry' | 'tier') {
    for (const [memberId, stored] of this.db.accounts) yield { entry: stored[index], item: memberId };
  }

  async dueForExpiry(shard: number, day: string, limit: number, cursor?: Record<string, unknown>) {
    const due = `${day}#\uffff`;
    return this.page(this.accounts('expiry'), shard, limit, cursor, (key) => key <= due);
  }

  async aboveFirstTier(shard: number, limit: number, cursor?: Record<string, unknown>) {
    return this.page(this.accounts('tier'), shard, limit, cursor);
  }

  private *records<T>(indexOf: typeof holdIndexOf, item: (record: { scope: string; id: string }) => T) {
    for (const record of this.db.records.values()) yield { entry: indexOf(record), item: item(record) };
  }

  async expiredHolds(shard: number, nowIso: string, limit: number, cursor?: Record<string, unknown>) {
    const holds = this.records(holdIndexOf, (record) => ({
      partnerId: record.scope,
      redemptionId: record.id,
    }));
    return this.page(holds, shard, limit, cursor, (key) => key < nowIso);
  }

  async staleAcceptedPurchases(
    shard: number,
    beforeIso: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ) {
    const accepted = this.records(acceptedIndexOf, (record) => `${record.scope}/${record.id}`);
    return this.page(accepted, shard, limit, cursor, (key) => key < beforeIso);
  }

  async pendingNotifications(shard: number, limit: number, cursor?: Record<string, unknown>) {
    const outbox = this.records(outboxIndexOf, (record) => `${record.scope}/${record.id}`);
    return this.page(outbox, shard, limit, cursor);
  }

  async birthdaysBetween(
    shard: number,
    fromMonthDay: string,
    toMonthDay: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ) {
    const [from, to] = [`${fromMonthDay}#`, `${toMonthDay}#\uffff`];
    const birthdays = [...this.db.profiles].map(([memberId, stored]) => ({
      entry: stored.birthday
        ? { shard: shardOf(memberId), sortKey: birthdaySortKey(memberId, stored.birthday) }
        : null,
      item: memberId,
    }));
    return this.page(birthdays, shard, limit, cursor, (key) => key >= from && key <= to);
  }

  async membersWithEmail(shard: number, limit: number, cursor?: Record<string, unknown>) {
    const mail = [...this.db.profiles].map(([memberId, stored]) => ({
      entry: stored.mail ? { shard: shardOf(memberId), sortKey: memberId } : null,
      item: memberId,
    }));
    return this.page(mail, shard, limit, cursor);
  }
}
