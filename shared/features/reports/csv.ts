/** The reports as CSV tables: one row per day, partner, month or segment, the columns flattened. */
import type { z } from 'zod';
import { type Cell, csvOf } from '../../core/csv.js';
import type { Settlement } from '../../domain/settlement.js';
import type {
  dailyReportView,
  liabilityView,
  repurchaseView,
  segmentsView,
  summaryReportView,
} from './schemas.js';

type Of<T extends z.ZodType> = z.output<T>;

export function dailyCsv(report: Of<typeof dailyReportView>): string {
  return csvOf(
    [
      'date',
      'purchases',
      'spend_amount',
      'currency',
      'points_issued',
      'points_redeemed',
      'points_expired',
      'points_reversed',
      'points_adjusted',
      'points_net',
      'members_new',
      'redemptions',
      'rewards',
    ],
    report.items.map((row): Cell[] => [
      row.date,
      row.purchases,
      row.spend.amount,
      row.spend.currency,
      row.points.issued,
      row.points.redeemed,
      row.points.expired,
      row.points.reversed,
      row.points.adjusted,
      row.points.net,
      row.members.new,
      row.redemptions,
      Object.entries(row.rewards)
        .map(([rewardId, count]) => `${rewardId}:${count}`)
        .join(';'),
    ]),
  );
}

export function summaryCsv(report: Of<typeof summaryReportView>): string {
  return csvOf(
    ['figure', 'value'],
    [
      ['from', report.from],
      ['to', report.to],
      ['members_total', report.members.total],
      ['members_new', report.members.new],
      ['members_active', report.members.active],
      ['points_issued', report.points.issued],
      ['points_redeemed', report.points.redeemed],
      ['points_expired', report.points.expired],
      ['points_reversed', report.points.reversed],
      ['points_outstanding', report.points.outstanding],
      ['liability_amount', report.liability.amount],
      ['liability_currency', report.liability.currency],
      ['redemption_rate', report.redemptionRate],
      ...Object.entries(report.tiers).map(([tier, count]): Cell[] => [`tier_${tier}`, count]),
    ],
  );
}

export function liabilityCsv(report: Of<typeof liabilityView>): string {
  return csvOf(
    ['month', 'points_expiring'],
    [
      ...report.expiring.map((row): Cell[] => [row.month, row.points]),
      ['later', report.later],
      ['never', report.never],
      ['outstanding', report.points],
      ['value_amount', report.value.amount],
    ],
  );
}

export function settlementCsv(report: Settlement): string {
  const { clearing } = report;
  return csvOf(
    [
      'period',
      'partner_id',
      'issued_points',
      'issued_value',
      'redeemed_points',
      'redeemed_value',
      'net_amount',
      'currency',
    ],
    [
      ...report.partners.map((row): Cell[] => [
        report.period,
        row.partnerId,
        row.issued.points,
        row.issued.value.amount,
        row.redeemed.points,
        row.redeemed.value.amount,
        row.net.amount,
        row.net.currency,
      ]),
      // The clearing house's lines: with the partners' they add up to zero.
      ...clearing.map((row): Cell[] => [
        report.period,
        `(clearing:${row.line})`,
        row.issued.points,
        row.issued.value.amount,
        row.redeemed.points,
        row.redeemed.value.amount,
        row.net.amount,
        row.net.currency,
      ]),
    ],
  );
}

export function segmentsCsv(report: Of<typeof segmentsView>): string {
  return csvOf(
    ['as_of', 'segment', 'members'],
    Object.entries(report.segments).map(([segment, count]): Cell[] => [report.asOf, segment, count]),
  );
}

export function repurchaseCsv(report: Of<typeof repurchaseView>): string {
  return csvOf(
    ['period', 'buyers', 'returning', 'repeat', 'repurchasers', 'rate'],
    [[report.period, report.buyers, report.returning, report.repeat, report.repurchasers, report.rate]],
  );
}
