import type { CounterScope, FoldPlan, MemberStats } from '../domain/aggregates.js';
import type { Histogram, Segment } from '../domain/segments.js';
import type { IndexPage } from './JobStore.js';

/** Some facts of a plan were counted before (a replayed stream record): drop them and plan again. */
export class FactsCounted extends Error {
  constructor(readonly factIds: readonly string[]) {
    super(`${factIds.length} fact(s) already counted`);
    this.name = 'FactsCounted';
  }
}

/** A member's figures changed since they were read, or a counter was busy: read again and retry. */
export class FoldConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FoldConflict';
  }
}

export type Figures = Readonly<Record<string, number>>;

export interface SegmentsSnapshot {
  readonly runId: string;
  readonly asOf: string;
  readonly counts: Readonly<Record<string, number>>;
}

/** The stream's daily aggregates, the members' own figures, and the segments job's histograms and counts. */
export interface AggregateStore {
  /** The members' figures as stored now (consistent reads); members without any are absent. */
  readMemberStats(memberIds: readonly string[]): Promise<Map<string, MemberStats>>;
  /**
   * Writes a plan in one transaction on counter shard `shard`: a marker per fact, the counters,
   * the members' figures (each conditioned on the version read). Throws `FactsCounted` when a
   * fact's marker exists, `FoldConflict` when a member changed or an item was busy.
   */
  commitFold(plan: FoldPlan, shard: number): Promise<void>;
  /** A scope's figures by programme day (`YYYY-MM-DD`) in [from, to], shards added up. */
  readDays(scope: CounterScope, fromDay: string, toDay: string): Promise<Map<string, Figures>>;
  /** A scope's figures by programme month (`YYYY-MM`) in [from, to], shards added up. */
  readMonths(scope: CounterScope, fromMonth: string, toMonth: string): Promise<Map<string, Figures>>;
  /** A programme month's figures of every partner, by partner id, shards added up. */
  readPartnersOfMonth(month: string): Promise<Map<string, Figures>>;
  /** The totals (outstanding, members, tiers, points by expiry month), shards added up. */
  readTotals(): Promise<Figures>;

  /** One page of members with figures (the segments job's sparse index). */
  membersPage(shard: number, limit: number, cursor?: Record<string, unknown>): Promise<IndexPage<string>>;
  /** Adds one work message's histogram to the run's, once (a marker of `messageId`). */
  addToHistogram(runId: string, messageId: string, histogram: Histogram): Promise<void>;
  readHistogram(runId: string): Promise<Histogram>;
  /**
   * Writes the members' segments and adds them to the run's counts, once for `messageId`, in one
   * transaction.
   */
  assignSegments(
    runId: string,
    asOf: string,
    messageId: string,
    segments: ReadonlyMap<string, Segment>,
  ): Promise<void>;
  /** Marks a finished run's counts as the latest segments (unless a later run already is). */
  publishSegments(runId: string, asOf: string): Promise<void>;
  /** The latest published segments, or null before the first run. */
  latestSegments(): Promise<SegmentsSnapshot | null>;
}
