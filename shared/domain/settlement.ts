/**
 * Settlement between the partners of a coalition for one month, as pure arithmetic. Every line,
 * a partner's or the programme's (`clearing`), says what liability it created in the month
 * (`issued`: points, or coupons, put in members' hands) and what liability it extinguished
 * (`redeemed`: points, or coupons, taken from members), each valued at the redemption rate
 * (`payments.pointsPerYuan`; a coupon at its face value), and `net` = value(redeemed) −
 * value(issued): above zero the clearing house pays the line, below zero the line pays it.
 *
 * - a partner: `issued` the points credited at its stores (purchases, their bonuses, activities)
 *   less what its refunds took back; `redeemed` the points spent at its stores (net of voided
 *   holds and reversed redemptions), and its value also the programme coupons its tills took
 *   (`redeemed.programmeCoupons`: it gave the discount, the programme pays it);
 * - `adjustments`: desk credits (`issued`) and debits (`redeemed`), whoever's key made them;
 * - `opening_balances`: the balances imported members brought (`issued`);
 * - `programme_coupons`: the coupons the programme issued (birthday gifts; `issued.value`);
 * - `unattributed`: points moved without a partner otherwise (an import's enrolment bonus,
 *   entries from before entries named their partner);
 * - `breakage`: points that expired (`redeemed`: taken from members, the programme's income);
 * - `float`: what the clearing house keeps for what is still outstanding: `redeemed.points` the
 *   month's growth of outstanding points (negative when older points were redeemed), its `net`
 *   the balance of every other line (the outstanding coupons and the rounding of each line's value
 *   included).
 *
 * So the nets of all partner and clearing lines sum to zero, to the fen.
 */
import { DayField } from './aggregates.js';

export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export interface PointsValue {
  readonly points: number;
  readonly value: Money;
}

export interface SettlementLine {
  readonly issued: PointsValue;
  readonly redeemed: PointsValue;
  readonly net: Money;
}

export interface PartnerSettlement extends SettlementLine {
  readonly partnerId: string;
  readonly redeemed: PointsValue & { readonly programmeCoupons: Money };
}

export const clearingLines = [
  'adjustments',
  'opening_balances',
  'programme_coupons',
  'unattributed',
  'breakage',
  'float',
] as const;
export type ClearingLineName = (typeof clearingLines)[number];

export interface ClearingLine extends SettlementLine {
  readonly line: ClearingLineName;
}

export interface Settlement {
  readonly period: string;
  readonly partners: readonly PartnerSettlement[];
  /** The programme's own lines, in the order of `clearingLines`. */
  readonly clearing: readonly ClearingLine[];
}

type Figures = Readonly<Record<string, number>>;

/** Fen for points at the redemption rate (100 points = 1 CNY in the reference programme). */
export const valueOfPoints = (points: number, pointsPerYuan: number) =>
  pointsPerYuan > 0 ? Math.round((points * 100) / pointsPerYuan) : 0;

const field = (figures: Figures, name: string) => figures[name] ?? 0;
const issuedOf = (figures: Figures) => field(figures, DayField.issued) - field(figures, DayField.reversed);
const redeemedOf = (figures: Figures) => field(figures, DayField.redeemed);

export function settlementOf(input: {
  readonly period: string;
  readonly partners: ReadonlyMap<string, Figures>;
  /** The programme's figures of the month (every entry and fact, with or without a partner). */
  readonly programme: Figures;
  readonly pointsPerYuan: number;
  readonly currency: string;
}): Settlement {
  const money = (amount: number): Money => ({ amount, currency: input.currency });
  const points = (count: number, extraFen = 0): PointsValue => ({
    points: count,
    value: money(valueOfPoints(count, input.pointsPerYuan) + extraFen),
  });
  const line = <R extends PointsValue>(issued: PointsValue, redeemed: R) => ({
    issued,
    redeemed,
    net: money(redeemed.value.amount - issued.value.amount),
  });
  const partners = [...input.partners.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([partnerId, figures]): PartnerSettlement => {
      const couponsFen = field(figures, DayField.programmeCouponsUsedFen);
      const redeemed = { ...points(redeemedOf(figures), couponsFen), programmeCoupons: money(couponsFen) };
      return { partnerId, ...line(points(issuedOf(figures)), redeemed) };
    })
    .filter(
      (row) =>
        row.issued.points !== 0 || row.redeemed.points !== 0 || row.redeemed.programmeCoupons.amount !== 0,
    );
  const { programme } = input;
  const partnersIssued = partners.reduce((sum, row) => sum + row.issued.points, 0);
  const partnersRedeemed = partners.reduce((sum, row) => sum + row.redeemed.points, 0);
  const own: ClearingLine[] = [
    {
      line: 'adjustments',
      ...line(
        points(field(programme, DayField.adjustIssued)),
        points(field(programme, DayField.adjustRedeemed)),
      ),
    },
    { line: 'opening_balances', ...line(points(field(programme, DayField.openingBalances)), points(0)) },
    {
      line: 'programme_coupons',
      ...line(points(0, field(programme, DayField.programmeCouponsIssuedFen)), points(0)),
    },
    {
      line: 'unattributed',
      ...line(points(issuedOf(programme) - partnersIssued), points(redeemedOf(programme) - partnersRedeemed)),
    },
    { line: 'breakage', ...line(points(0), points(field(programme, DayField.expired))) },
  ];
  const all = [...partners, ...own];
  const issued = all.reduce((sum, row) => sum + row.issued.points, 0);
  const redeemed = all.reduce((sum, row) => sum + row.redeemed.points, 0);
  const nets = all.reduce((sum, row) => sum + row.net.amount, 0);
  const float: ClearingLine = {
    line: 'float',
    issued: points(0),
    redeemed: { points: issued - redeemed, value: money(-nets) },
    net: money(-nets),
  };
  return { period: input.period, partners, clearing: [...own, float] };
}
