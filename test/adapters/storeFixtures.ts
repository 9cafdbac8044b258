/** What the store contract's cases share: the stores they run against, and their fixtures. */
import { randomUUID } from 'node:crypto';
import { shardOf } from '../../shared/adapters/indexes.js';
import { OperationKind, type OperationRecord } from '../../shared/core/records.js';
import { type AccountState, newAccount } from '../../shared/domain/account.js';
import { EntryType, type LedgerEntry } from '../../shared/domain/ledgerEntry.js';
import type { AggregateStore } from '../../shared/ports/AggregateStore.js';
import type { AuditLog } from '../../shared/ports/AuditLog.js';
import type { ImportStore } from '../../shared/ports/ImportStore.js';
import type { JobRun, JobStore } from '../../shared/ports/JobStore.js';
import type { LedgerStore } from '../../shared/ports/LedgerStore.js';
import type { MemberProfile, MemberStore } from '../../shared/ports/MemberStore.js';
import type { PartnerStore } from '../../shared/ports/PartnerStore.js';

export interface Stores {
  readonly ledger: LedgerStore;
  readonly members: MemberStore;
  readonly partners: PartnerStore;
  readonly jobs: JobStore;
  readonly aggregates: AggregateStore;
  readonly audit: AuditLog;
  readonly imports: ImportStore;
}

/** One case: a sentence and what it does and expects of the stores. */
export interface StoreCase {
  readonly name: string;
  readonly run: (stores: Stores) => Promise<void>;
}

/** Fixtures shared by the cases. */
export const fixture = {
  id: (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`,
  nowMs: Date.parse('2027-03-01T02:00:00Z'),
  account(memberId: string, changes: Partial<AccountState> = {}): AccountState {
    return { ...newAccount(memberId, fixture.nowMs), ...changes };
  },
  entry(memberId: string, n: number, points = 10): LedgerEntry {
    return {
      memberId,
      transactionId: `tx-${n}`,
      type: EntryType.adjust,
      points,
      createdAt: new Date(fixture.nowMs + n * 1000).toISOString(),
      occurredAt: new Date(fixture.nowMs + n * 1000).toISOString(),
      reference: `adjustment:a-${n}`,
      description: 'goodwill',
    };
  },
  profile(memberId: string, changes: Partial<MemberProfile> = {}): MemberProfile {
    return {
      memberId,
      name: 'Zhang San',
      email: `${memberId}@example.com`,
      phone: null,
      birthday: '1990-05-17',
      locale: 'zh-CN',
      marketingConsent: true,
      referrerId: null,
      status: 'active',
      createdAt: new Date(fixture.nowMs).toISOString(),
      enrolmentFingerprint: 'f1',
      version: 0,
      ...changes,
    };
  },
  run(runId: string, changes: Partial<JobRun> = {}): JobRun {
    return {
      runId,
      job: 'expire-points',
      status: 'running',
      asOf: new Date(fixture.nowMs).toISOString(),
      period: null,
      startedAt: new Date(fixture.nowMs).toISOString(),
      finishedAt: null,
      processed: 0,
      failed: 0,
      shards: 1,
      shardsDone: 0,
      outstanding: 0,
      attempt: 1,
      ...changes,
    };
  },
  reward(id: string, stock: number | null) {
    return {
      kind: OperationKind.reward,
      scope: 'catalog',
      id,
      data: { rewardId: id, name: id, pointsCost: 300, kind: 'item', stock, minTier: null, status: 'active' },
    } as const;
  },
  /** A record of any kind with only the data a case needs (the stores never read the rest). */
  record(
    kind: OperationRecord['kind'],
    scope: string,
    id: string,
    data: Record<string, unknown>,
  ): OperationRecord {
    return { kind, scope, id, data } as unknown as OperationRecord;
  },
  /** Every page of an index shard, for the member ids (or items) in it. */
  async all<T>(read: (cursor?: Record<string, unknown>) => Promise<{ items: readonly T[]; next?: unknown }>) {
    const items: T[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await read(cursor);
      items.push(...page.items);
      cursor = page.next as Record<string, unknown> | undefined;
    } while (cursor);
    return items;
  },
  shardOf,
};
