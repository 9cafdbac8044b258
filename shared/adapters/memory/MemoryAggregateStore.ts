/**
 * The aggregates in memory, with DynamoAggregateStore's semantics: a fold counts its facts once
 * (`FactsCounted` names those counted before), writes a member's figures only at the version it
 * read (`FoldConflict`), and adds to counters that readers sum. One shard is enough here: the
 * shards only spread the table's writes, and readers add them up.
 */
import {
  type CounterPeriod,
  type CounterScope,
  counterKeyId,
  type FoldPlan,
  type MemberStats,
  totalsPeriod,
  totalsScope,
} from '../../domain/aggregates.js';
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

  /** A scope's counters, by the scope's text (counterKeyId: equal scopes, equal text). */
  private periodsOf(scope: CounterScope) {
    const id = counterKeyId({ scope, period: totalsPeriod });
    let periods = this.db.aggregates.get(id);
    if (!periods) {
      periods = new Map();
      this.db.aggregates.set(id, periods);
    }
    return periods;
  }

  private counter(scope: CounterScope, period: CounterPeriod): Record<string, number> {
    const periods = this.periodsOf(scope);
    const id = counterKeyId({ scope: totalsScope, period });
    let counter = periods.get(id);
    if (!counter) {
      counter = { period, figures: {} };
      periods.set(id, counter);
    }
    return counter.figures;
  }

  /** A scope's figures by what `name` makes of each period (the periods it gives no name are left out). */
  private read(scope: CounterScope, name: (period: CounterPeriod) => string | null) {
    const into = new Map<string, Figures>();
    for (const { period, figures } of this.periodsOf(scope).values()) {
      const named = name(period);
      if (named !== null) into.set(named, { ...figures });
    }
    return into;
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
    const counted = plan.factIds.filter((factId) => this.db.markers.has(`fact counted:${factId}`));
    if (counted.length > 0) throw new FactsCounted(counted);
    const moved = plan.members.some(({ next, expectedVersion }) => {
      const version = this.db.memberStats.get(next.memberId)?.version;
      return expectedVersion === null ? version !== undefined : version !== expectedVersion;
    });
    if (moved) throw new FoldConflict('The aggregate transaction was cancelled: ConditionalCheckFailed');
    for (const factId of plan.factIds) this.db.markers.add(`fact counted:${factId}`);
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

  async readDays(scope: CounterScope, fromDay: string, toDay: string) {
    return this.read(scope, (period) =>
      period.of === 'day' && period.day >= fromDay && period.day <= toDay ? period.day : null,
    );
  }

  async readMonths(scope: CounterScope, fromMonth: string, toMonth: string) {
    return this.read(scope, (period) =>
      period.of === 'month' && period.month >= fromMonth && period.month <= toMonth ? period.month : null,
    );
  }

  async readPartnersOfMonth(month: string) {
    return this.read({ of: 'partnerMonth', month }, (period) =>
      period.of === 'partner' ? period.partnerId : null,
    );
  }

  async readTotals() {
    return {
      ...(this.read(totalsScope, (period) => (period.of === 'totals' ? 'totals' : null)).get('totals') ?? {}),
    };
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
    this.addOnce(`histogram:${runId}`, `histogram:${runId}:message:${messageId}`, adds);
  }

  async readHistogram(runId: string): Promise<Histogram> {
    const histogram: Record<string, Record<string, number>> = { r: {}, f: {}, m: {} };
    for (const [field, count] of Object.entries(this.db.items.get(`histogram:${runId}`) ?? {})) {
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
    this.addOnce(`segments:${runId}`, `segments:${runId}:message:${messageId}`, counts, () => {
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
    const latest = this.db.items.get('segments:latest');
    if (latest && String(latest.asOf) > asOf) return;
    this.db.items.set('segments:latest', { runId, asOf });
  }

  async latestSegments(): Promise<SegmentsSnapshot | null> {
    const latest = this.db.items.get('segments:latest');
    if (!latest) return null;
    const runId = String(latest.runId);
    const counts = { ...((this.db.items.get(`segments:${runId}`) ?? {}) as Record<string, number>) };
    return { runId, asOf: String(latest.asOf), counts };
  }
}
