/**
 * RFM segments, as pure functions. A member who has bought is scored 1–5 on recency (days since
 * the last purchase), frequency (purchases in the last 12 programme months) and monetary value
 * (spend in those months) by quintile of the whole membership, and named by the scores:
 *
 * | segment       | rule (r: recency score, fm: mean of frequency and monetary scores) |
 * |---------------|------------------------------------------------------------------------|
 * | `new`         | one purchase ever, r ≥ 4; or no purchase yet, enrolled within 90 days  |
 * | `champions`   | r ≥ 4 and fm ≥ 4                                                      |
 * | `loyal`       | r ≥ 3 and fm ≥ 3                                                      |
 * | `potential`   | r ≥ 3 (recent, not yet valuable)                                       |
 * | `at_risk`     | fm ≥ 3 (valuable, not recent)                                          |
 * | `hibernating` | the rest, and members enrolled over 90 days ago who never bought      |
 *
 * Quintiles need the distribution, so the job runs in two passes: the first adds every member's
 * (bucketed) values to histograms, the second scores each member against them. A score is the
 * quintile of the middle of the member's bucket in the distribution, so members with equal values
 * get equal scores (ties are frequent: most members bought once).
 */

import type { MemberStats } from './aggregates.js';
import { addDays, addMonths } from './calendar.js';

export const Segment = {
  champions: 'champions',
  loyal: 'loyal',
  potential: 'potential',
  new: 'new',
  atRisk: 'at_risk',
  hibernating: 'hibernating',
} as const;
export type Segment = (typeof Segment)[keyof typeof Segment];
export const segmentNames: readonly Segment[] = Object.values(Segment);

/** Days a member without a purchase counts as new. */
export const newMemberDays = 90;
/** Months of frequency and monetary value. */
export const windowMonths = 12;

export interface RfmValues {
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetaryFen: number;
}

/** The buckets of a histogram: recency by day (up to two years), frequency by count, spend on a 10% log scale. */
export const bucketOf = {
  r: (days: number) => Math.min(Math.max(days, 0), 730),
  f: (count: number) => Math.min(Math.max(count, 0), 200),
  m: (fen: number) => (fen <= 0 ? 0 : 1 + Math.floor(Math.log(fen / 100 + 1) / Math.log(1.1))),
};

export type Dimension = keyof typeof bucketOf;

/** Counts by bucket of each dimension: `{ r: {"3": 10, …}, f: {…}, m: {…} }`. */
export type Histogram = Readonly<Record<Dimension, Readonly<Record<string, number>>>>;

const daysFrom = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** A member's values as of a programme day; `null` for one who never bought (or was erased). */
export function rfmOf(stats: MemberStats, asOfDay: string): RfmValues | null {
  if (stats.erased || !stats.lastPurchaseOn) return null;
  const last = asOfDay.slice(0, 7);
  const first = addMonths(last, -(windowMonths - 1));
  let frequency = 0;
  let monetaryFen = 0;
  for (const [month, figures] of Object.entries(stats.months)) {
    if (month < first || month > last) continue;
    frequency += figures.n;
    monetaryFen += figures.fen;
  }
  return { recencyDays: daysFrom(stats.lastPurchaseOn, asOfDay), frequency, monetaryFen };
}

/** The histogram additions of some members' values. */
export function histogramOf(values: Iterable<RfmValues>): Record<Dimension, Record<string, number>> {
  const histogram: Record<Dimension, Record<string, number>> = { r: {}, f: {}, m: {} };
  for (const value of values) {
    const add = (dimension: Dimension, raw: number) => {
      const bucket = String(bucketOf[dimension](raw));
      histogram[dimension][bucket] = (histogram[dimension][bucket] ?? 0) + 1;
    };
    add('r', value.recencyDays);
    add('f', value.frequency);
    add('m', value.monetaryFen);
  }
  return histogram;
}

/**
 * The score (1–5) of a bucket: the quintile of the middle of the bucket in the distribution.
 * Recency scores the other way round: fewer days is better.
 */
export function scoreOf(histogram: Histogram, dimension: Dimension, raw: number): number {
  const counts = histogram[dimension];
  const bucket = bucketOf[dimension](raw);
  let total = 0;
  let below = 0;
  let at = 0;
  for (const [key, count] of Object.entries(counts)) {
    const b = Number(key);
    total += count;
    if (b < bucket) below += count;
    else if (b === bucket) at += count;
  }
  if (total === 0) return 3;
  const position = (below + at / 2) / total;
  const quintile = Math.min(5, Math.floor(position * 5) + 1);
  return dimension === 'r' ? 6 - quintile : quintile;
}

/** The segment of a member as of a programme day, against the membership's histogram. */
export function segmentOf(stats: MemberStats, asOfDay: string, histogram: Histogram): Segment {
  const values = rfmOf(stats, asOfDay);
  if (!values) {
    const enrolled = stats.enrolledOn ?? asOfDay;
    return enrolled >= addDays(asOfDay, -newMemberDays) ? Segment.new : Segment.hibernating;
  }
  const r = scoreOf(histogram, 'r', values.recencyDays);
  const fm = (scoreOf(histogram, 'f', values.frequency) + scoreOf(histogram, 'm', values.monetaryFen)) / 2;
  if (stats.purchases === 1 && r >= 4) return Segment.new;
  if (r >= 4 && fm >= 4) return Segment.champions;
  if (r >= 3 && fm >= 3) return Segment.loyal;
  if (r >= 3) return Segment.potential;
  if (fm >= 3) return Segment.atRisk;
  return Segment.hibernating;
}
