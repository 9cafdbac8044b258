/**
 * Reports read from the daily aggregates (shared/domain/aggregates.ts), never from the members:
 * each reads a few items per day of its period (one per counter shard), or a month's partners, or
 * the totals, so its cost is O(days) whatever the membership. They are as fresh as the aggregator
 * (a second or two behind the ledger).
 */

import { ValidationFailed } from '../../core/errors.js';
import {
  DayField,
  dayRangeOf,
  daysBetween,
  expiryField,
  MonthField,
  partnerScope,
  programmeScope,
  storeScope,
  TotalField,
  tierField,
} from '../../domain/aggregates.js';
import { addMonths, programMonth } from '../../domain/calendar.js';
import { segmentNames } from '../../domain/segments.js';
import { settlementOf } from '../../domain/settlement.js';
import { periodBounds } from '../../domain/statement.js';
import type { AggregateStore, Figures } from '../../ports/AggregateStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';

export interface ReportsDeps {
  readonly aggregates: AggregateStore;
  readonly programs: ProgramSource;
  readonly clock: { nowMs(): number };
}

/** The longest daily report: a year and a day. */
export const maxDailyDays = 366;

const sumOf = (rows: Iterable<Figures>) => {
  const total: Record<string, number> = {};
  for (const row of rows)
    for (const [field, value] of Object.entries(row)) total[field] = (total[field] ?? 0) + value;
  return total;
};
const field = (figures: Figures, name: string) => figures[name] ?? 0;
const rate = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;

function dayRow(date: string, figures: Figures, currency: string) {
  const rewards: Record<string, number> = {};
  for (const [name, value] of Object.entries(figures)) {
    if (name.startsWith('reward:') && value !== 0) rewards[name.slice('reward:'.length)] = value;
  }
  return {
    date,
    purchases: field(figures, DayField.purchases),
    spend: { amount: field(figures, DayField.spendFen), currency },
    points: {
      issued: field(figures, DayField.issued),
      redeemed: field(figures, DayField.redeemed),
      expired: field(figures, DayField.expired),
      reversed: field(figures, DayField.reversed),
      adjusted: field(figures, DayField.adjusted),
      net: field(figures, DayField.net),
    },
    members: { new: field(figures, DayField.newMembers) },
    redemptions: field(figures, DayField.redemptions),
    rewards,
  };
}

/** Every day of [from, to] (both included) for the programme, a partner or a store. */
export async function dailyReport(
  deps: ReportsDeps,
  query: { from: string; to: string; partnerId?: string; storeId?: string },
) {
  const days = daysBetween(query.from, query.to);
  if (days.length === 0)
    throw new ValidationFailed([{ path: 'to', message: '`to` must not be before `from`.' }]);
  if (days.length > maxDailyDays) {
    throw new ValidationFailed([{ path: 'to', message: `At most ${maxDailyDays} days at a time.` }]);
  }
  const scope =
    query.storeId && query.partnerId
      ? storeScope(query.partnerId, query.storeId)
      : query.partnerId
        ? partnerScope(query.partnerId)
        : programmeScope;
  const program = await deps.programs.current();
  const byDay = await deps.aggregates.readDays(scope, query.from, query.to);
  return { items: days.map((day) => dayRow(day, byDay.get(day) ?? {}, program.currency)) };
}

/**
 * The summary of [from, to), by whole programme days (the days the period touches), and what is
 * true now. `members.active`: members whose latest ledger movement other than expiry falls in the
 * period, so for a period up to now, the members active in it (a member active in it and again
 * later counts only in the later period: the aggregates keep each member's latest day, O(days)).
 */
export async function summaryReport(deps: ReportsDeps, range: { from: string; to: string }) {
  const [fromMs, toMs] = [Date.parse(range.from), Date.parse(range.to)];
  if (toMs <= fromMs) throw new ValidationFailed([{ path: 'to', message: '`to` must be after `from`.' }]);
  const program = await deps.programs.current();
  const days = dayRangeOf(fromMs, toMs, program.timeZone);
  const [byDay, totals] = await Promise.all([
    deps.aggregates.readDays(programmeScope, days.from, days.to),
    deps.aggregates.readTotals(),
  ]);
  const period = sumOf(byDay.values());
  const outstanding = field(totals, TotalField.outstanding);
  const issued = field(period, DayField.issued);
  const redeemed = field(period, DayField.redeemed);
  return {
    from: range.from,
    to: range.to,
    days,
    members: {
      total: field(totals, TotalField.members),
      new: field(period, DayField.newMembers),
      active: field(period, DayField.lastActive),
    },
    points: {
      issued,
      redeemed,
      expired: field(period, DayField.expired),
      reversed: field(period, DayField.reversed),
      outstanding,
    },
    liability: {
      amount: Math.floor((Math.max(outstanding, 0) * 100) / program.payments.pointsPerYuan),
      currency: program.currency,
    },
    redemptionRate: rate(redeemed, issued),
    tiers: Object.fromEntries(program.tiers.map((tier) => [tier.code, field(totals, tierField(tier.code))])),
  };
}

/** Outstanding points, their value, and the points expiring in each of the next 12 months. */
export async function liabilityReport(deps: ReportsDeps) {
  const program = await deps.programs.current();
  const totals = await deps.aggregates.readTotals();
  const thisMonth = programMonth(deps.clock.nowMs(), program.timeZone);
  const months = Array.from({ length: 12 }, (_, i) => addMonths(thisMonth, i));
  const expiring = new Map(months.map((month) => [month, 0]));
  let later = 0;
  for (const [name, points] of Object.entries(totals)) {
    if (!name.startsWith('exp:') || name === expiryField('never')) continue;
    const month = name.slice('exp:'.length);
    // Points past their date wait for the expiry job: they go this month.
    const bucket = month < thisMonth ? thisMonth : month;
    if (expiring.has(bucket)) expiring.set(bucket, expiring.get(bucket)! + points);
    else later += points;
  }
  const points = field(totals, TotalField.outstanding);
  return {
    points,
    value: {
      amount: Math.floor((Math.max(points, 0) * 100) / program.payments.pointsPerYuan),
      currency: program.currency,
    },
    expiring: months.map((month) => ({ month, points: expiring.get(month)! })),
    later,
    never: field(totals, expiryField('never')),
    debt: field(totals, TotalField.debt),
  };
}

/** The month's settlement between the partners (shared/domain/settlement.ts). */
export async function settlementReport(deps: ReportsDeps, period: string) {
  const program = await deps.programs.current();
  const { startMs, endMs } = periodBounds(period, program.timeZone);
  const days = dayRangeOf(startMs, endMs, program.timeZone);
  const [partners, byDay] = await Promise.all([
    deps.aggregates.readPartnersOfMonth(period),
    deps.aggregates.readDays(programmeScope, days.from, days.to),
  ]);
  return settlementOf({
    period,
    partners,
    programme: sumOf(byDay.values()),
    pointsPerYuan: program.payments.pointsPerYuan,
    currency: program.currency,
  });
}

/** Members by segment, as the last finished segments run left them. */
export async function segmentsReport(deps: ReportsDeps) {
  const latest = await deps.aggregates.latestSegments();
  if (!latest) return { asOf: new Date(deps.clock.nowMs()).toISOString(), runId: null, segments: {} };
  return {
    asOf: latest.asOf,
    runId: latest.runId,
    segments: Object.fromEntries(segmentNames.map((name) => [name, latest.counts[name] ?? 0])),
  };
}

/**
 * The repurchase rate of a month's buyers: the share who bought again, before the month or a
 * second time in it (each buyer counted once).
 */
export async function repurchaseReport(deps: ReportsDeps, period: string) {
  const byMonth = await deps.aggregates.readMonths(programmeScope, period, period);
  const figures = byMonth.get(period) ?? {};
  const buyers = field(figures, MonthField.buyers);
  const repurchasers = field(figures, MonthField.repurchasers);
  return {
    period,
    buyers,
    returning: field(figures, MonthField.returning),
    repeat: field(figures, MonthField.repeat),
    repurchasers,
    rate: rate(repurchasers, buyers),
  };
}
