/**
 * The aggregates in memory, with DynamoAggregateStore's semantics: a fold counts its facts once
 * (`FactsCounted` names those counted before), writes a member's figures only at the version it
 * read (`FoldConflict`), and adds to counters that readers sum. One shard is enough here: the
 * shards only spread the table's writes, and readers add them up.
 */
import { type FoldPlan, type MemberStats, totalsPeriod, totalsScope } from '../../domain/aggregates.js';
import type { Histogram, Segment } from '../../domain/segments.js';
import {
  type AggregateStore,
  FactsCounted,
  type Figures,
  FoldConflict,
  type SegmentsSnapshot,
} from '../../ports/AggregateStore.js';
import { shardOf } from '../indexes.js';
import { byKey, copy, type MemoryDatabase, pageOf } from './MemoryDatabase.js';

function addTo(target: Record<string, number>, adds: Readonly<Record<string, number>>) {
  for (const [field, value] of Object.entries(adds)) target[field] = (target[field] ?? 0) + value;
}

export class MemoryAggregateStore implements AggregateStore {
  constructor(private readonly db: MemoryDatabase) {}

  private counter(scope: string, period: string): Record<string, number> {
    let periods = this.db.aggregates.get(scope);
    if (!periods) {
      periods = new Map();
      this.db.aggregates.set(scope, periods);
    }
    let figures = periods.get(period);
    if (!figures) {
      figures = {};
      periods.set(period, figures);
    }
    return figures;
  }

  async readMemberStats(memberIds: readonly string[]) {
    const stats = new Map<string, MemberStats>();
    for (const memberId of new Set(memberIds)) {
      const stored = this.db.memberStats.get(memberId);
      if (stored) {
        const { segment: _segment, segmentAsOf: _asOf, segmentRunId: _runId, ...figures } = stored;
        stats.set(memberId, copy(figures));
      }
    }
    return stats;
  }

  async commitFold(plan: FoldPlan, _shard: number) {
    const counted = plan.factIds.filter((factId) => this.db.markers.has(`AGGFACT#${factId}`));
    if (counted.length > 0) throw new FactsCounted(counted);
    const moved = plan.members.some(({ next, expectedVersion }) => {
      const version = this.db.memberStats.get(next.memberId)?.version;
      return expectedVersion === null ? version !== undefined : version !== expectedVersion;
    });
    if (moved) throw new FoldConflict('The aggregate transaction was cancelled: ConditionalCheckFailed');
    for (const factId of plan.factIds) this.db.markers.add(`AGGFACT#${factId}`);
    for (const { key, add } of plan.counters) addTo(this.counter(key.scope, key.period), add);
    for (const { next } of plan.members) {
      // The aggregator's own fields; the segment the job wrote stays.
      const segment = this.db.memberStats.get(next.memberId)?.segment;
      this.db.memberStats.set(next.memberId, {
        ...copy(next),
        ...(segment === undefined ? {} : { segment }),
      });
    }
  }

  async readPeriods(scope: string, fromPeriod: string, toPeriod: string) {
    const into = new Map<string, Figures>();
    for (const [period, figures] of this.db.aggregates.get(scope) ?? []) {
      if (period >= fromPeriod && period <= toPeriod) into.set(period, { ...figures });
    }
    return into;
  }

  async readScope(scope: string) {
    const into = new Map<string, Figures>();
    for (const [period, figures] of this.db.aggregates.get(scope) ?? []) into.set(period, { ...figures });
    return into;
  }

  async readTotals() {
    return { ...(this.db.aggregates.get(totalsScope)?.get(totalsPeriod) ?? {}) };
  }

  async membersPage(shard: number, limit: number, cursor?: Record<string, unknown>) {
    const members = [...this.db.memberStats.keys()]
      .filter((memberId) => shardOf(memberId) === shard)
      .map((memberId) => [memberId, memberId] as const)
      .sort(byKey);
    return pageOf(members, limit, cursor);
  }

  /** Adds to an item once per message (its marker), as one transaction. */
  private addOnce(key: string, marker: string, adds: Readonly<Record<string, number>>, then?: () => void) {
    if (this.db.markers.has(marker)) return;
    then?.();
    this.db.markers.add(marker);
    const item = (this.db.items.get(key) ?? {}) as Record<string, number>;
    addTo(item, Object.fromEntries(Object.entries(adds).filter(([, value]) => value !== 0)));
    this.db.items.set(key, item);
  }

  async addToHistogram(runId: string, messageId: string, histogram: Histogram) {
    const adds: Record<string, number> = {};
    for (const [dimension, counts] of Object.entries(histogram)) {
      for (const [bucket, count] of Object.entries(counts)) adds[`${dimension}:${bucket}`] = count;
    }
    this.addOnce(`RFM#${runId}`, `RFM#${runId}#MSG#${messageId}`, adds);
  }

  async readHistogram(runId: string): Promise<Histogram> {
    const histogram: Record<string, Record<string, number>> = { r: {}, f: {}, m: {} };
    for (const [field, count] of Object.entries(this.db.items.get(`RFM#${runId}`) ?? {})) {
      const [dimension = '', bucket = ''] = field.split(':');
      const counts = histogram[dimension];
      if (counts && typeof count === 'number') counts[bucket] = (counts[bucket] ?? 0) + count;
    }
    return histogram as Histogram;
  }

  async assignSegments(
    runId: string,
    asOf: string,
    messageId: string,
    segments: ReadonlyMap<string, Segment>,
  ) {
    const counts: Record<string, number> = {};
    for (const segment of segments.values()) counts[segment] = (counts[segment] ?? 0) + 1;
    this.addOnce(`SEGMENTS#${runId}`, `SEGMENTS#${runId}#MSG#${messageId}`, counts, () => {
      // Every member must have figures, or the whole message fails (as its transaction does).
      for (const memberId of segments.keys()) {
        if (!this.db.memberStats.has(memberId)) throw new Error(`No figures of ${memberId} to segment`);
      }
      for (const [memberId, segment] of segments) {
        this.db.memberStats.set(memberId, {
          ...this.db.memberStats.get(memberId)!,
          segment,
          segmentAsOf: asOf,
          segmentRunId: runId,
        });
      }
    });
  }

  async publishSegments(runId: string, asOf: string) {
    const latest = this.db.items.get('SEGMENTS#LATEST');
    if (latest && String(latest.asOf) > asOf) return;
    this.db.items.set('SEGMENTS#LATEST', { runId, asOf });
  }

  async latestSegments(): Promise<SegmentsSnapshot | null> {
    const latest = this.db.items.get('SEGMENTS#LATEST');
    if (!latest) return null;
    const runId = String(latest.runId);
    const counts = { ...((this.db.items.get(`SEGMENTS#${runId}`) ?? {}) as Record<string, number>) };
    return { runId, asOf: String(latest.asOf), counts };
  }
}
