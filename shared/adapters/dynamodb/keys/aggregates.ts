/**
 * The aggregates' items. Counters are items `AGG#<scope>#<shard>` / `<period>` (shared/domain/
 * aggregates.ts `CounterKey`), their scope and period also stored as attributes:
 * - scopes: `P` (the programme), `T` (the totals), `PA#<partnerId>`, `ST#<partnerId>/<storeId>`
 *   (`ST#<storeId>` for entries that name no partner), `PM#<YYYY-MM>` (a programme month);
 * - periods: a day `D#YYYY-MM-DD`, a month `M#YYYY-MM`, a partner `PA#<partnerId>` (of a month),
 *   `TOTALS`; days and months sort by date, so a period range is a sort key range.
 * Beside them: each fact's marker (`AGGFACT#<fact>`, `FACT`), a member's figures (keys/members.ts
 * `memberKeys.metrics`, listed in the sparse `stats` index by `STATS#<shard>`), the segments job's
 * histograms (`RFM#<runId>#<shard>`, `HIST`), segment counts (`SEGMENTS#<runId>#<shard>`, `COUNTS`),
 * its messages' markers (`…#MSG#<messageId>`, `MSG`) and the latest run (`SEGMENTS#LATEST`).
 */
import type { CounterKey, CounterPeriod, CounterScope } from '../../../domain/aggregates.js';
import { storeRef } from '../../../domain/stores.js';
import { inPartition, inRange } from './table.js';

/** Shards of every counter: a transaction writes one, a reader adds them all up. */
export const aggregateShards = 8;

const partnerPrefix = 'PA#';
const dayPrefix = 'D#';
const monthPrefix = 'M#';

/** A counter scope as stored (in the partition key and the `scope` attribute). */
export function scopeText(scope: CounterScope): string {
  switch (scope.of) {
    case 'programme':
      return 'P';
    case 'totals':
      return 'T';
    case 'partner':
      return `${partnerPrefix}${scope.partnerId}`;
    case 'store':
      return scope.partnerId ? `ST#${storeRef(scope.partnerId, scope.storeId)}` : `ST#${scope.storeId}`;
    case 'partnerMonth':
      return `PM#${scope.month}`;
  }
}

/** A counter period as stored (the sort key and the `period` attribute). */
export function periodText(period: CounterPeriod): string {
  switch (period.of) {
    case 'day':
      return `${dayPrefix}${period.day}`;
    case 'month':
      return `${monthPrefix}${period.month}`;
    case 'partner':
      return `${partnerPrefix}${period.partnerId}`;
    case 'totals':
      return 'TOTALS';
  }
}

/** A counter's item on one shard. */
export const counterKey = (key: CounterKey, shard: number) => ({
  pk: `AGG#${scopeText(key.scope)}#${shard}`,
  sk: periodText(key.period),
});

const counterPartition = (scope: CounterScope, shard: number) => `AGG#${scopeText(scope)}#${shard}`;

/**
 * The queries of a scope's counters on every shard, and how to read an item's period back
 * (without its prefix: the day, the month or the partner).
 */
export const counterQueries = {
  /** The scope's days (`YYYY-MM-DD`) from `from` to `to`, both included. */
  days: (scope: CounterScope, from: string, to: string) =>
    Array.from({ length: aggregateShards }, (_, shard) =>
      inRange(counterPartition(scope, shard), `${dayPrefix}${from}`, `${dayPrefix}${to}`),
    ),
  /** The scope's months (`YYYY-MM`) from `from` to `to`, both included. */
  months: (scope: CounterScope, from: string, to: string) =>
    Array.from({ length: aggregateShards }, (_, shard) =>
      inRange(counterPartition(scope, shard), `${monthPrefix}${from}`, `${monthPrefix}${to}`),
    ),
  /** Every period of the scope (a programme month's partners). */
  all: (scope: CounterScope) =>
    Array.from({ length: aggregateShards }, (_, shard) => inPartition(counterPartition(scope, shard))),
  /** The totals' item on every shard. */
  totals: () =>
    Array.from({ length: aggregateShards }, (_, shard) =>
      counterKey({ scope: { of: 'totals' }, period: { of: 'totals' } }, shard),
    ),
  /** An item's period without its prefix (`D#`, `M#` or `PA#`). */
  periodOf: (item: Readonly<Record<string, unknown>>) => String(item.sk).replace(/^(D|M|PA)#/, ''),
};

/** The attributes of a counter item that are not figures. */
const counterBookkeeping: ReadonlySet<string> = new Set(['pk', 'sk', 'type', 'scope', 'period']);

/** The numbers of a counter item (or of a histogram's or a segment count's). */
export function figuresOfItem(item: Readonly<Record<string, unknown>>): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const [field, value] of Object.entries(item)) {
    if (!counterBookkeeping.has(field) && typeof value === 'number') figures[field] = value;
  }
  return figures;
}

/** A fact's marker: put with the counters it added to, so that it counts once. */
export const factMarkerKey = (factId: string) => ({ pk: `AGGFACT#${factId}`, sk: 'FACT' });

/** A shard of the sparse `stats` index of members' figures (keyed by member id). */
export const statsShard = (shard: number) => `STATS#${shard}`;

/** One shard of the `stats` index: the members with figures. */
export const statsIndexQuery = (shard: number) => ({
  IndexName: 'stats',
  KeyConditionExpression: 'statsShard = :shard',
  ExpressionAttributeValues: { ':shard': statsShard(shard) },
});

/** The segments job's items: histograms and counts by run and shard, message markers, the latest run. */
export const segmentKeys = {
  histogram: (runId: string, shard: number) => ({ pk: `RFM#${runId}#${shard}`, sk: 'HIST' }),
  histogramMarker: (runId: string, messageId: string) => ({ pk: `RFM#${runId}#MSG#${messageId}`, sk: 'MSG' }),
  counts: (runId: string, shard: number) => ({ pk: `SEGMENTS#${runId}#${shard}`, sk: 'COUNTS' }),
  countsMarker: (runId: string, messageId: string) => ({
    pk: `SEGMENTS#${runId}#MSG#${messageId}`,
    sk: 'MSG',
  }),
  latest: { pk: 'SEGMENTS#LATEST', sk: 'LATEST' },
};
