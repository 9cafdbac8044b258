/**
 * Settlement between the partners of a coalition for one month, as pure arithmetic. Points issued
 * at a partner's stores are its debt (it sold the purchase that earned them); points redeemed at a
 * partner's stores are owed to it (it gave the goods or the discount). The programme is the
 * clearing house in between:
 *
 * - `issued` of a partner: points credited at its stores (purchases, their bonuses, activities)
 *   less points its refunds took back;
 * - `redeemed`: points spent at its stores, net of voided holds and reversed redemptions;
 * - `net` = value(redeemed) − value(issued): above zero the clearing house pays the partner,
 *   below zero the partner pays it. Value is at the redemption rate (`payments.pointsPerYuan`).
 *
 * The partners' nets add up to −`clearing.value`: the value of the month's points issued and not
 * redeemed in it (negative when older points were redeemed). The clearing house keeps it for the
 * points' later redemption, and it becomes breakage, the programme's income, when they expire:
 * `clearing.breakage` shows the points that expired in the month and their value. Points moved
 * without a partner (adjustments, entries written before entries named their partner) are in
 * `clearing.unattributed`, outside the partners' nets. So Σ partners' net + clearing.value = 0, to
 * the fen.
 */
import { DayField } from './aggregates.js';

export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export interface PartnerSettlement {
  readonly partnerId: string;
  readonly issued: { readonly points: number; readonly value: Money };
  readonly redeemed: { readonly points: number; readonly value: Money };
  readonly net: Money;
}

export interface Settlement {
  readonly period: string;
  readonly partners: readonly PartnerSettlement[];
  readonly clearing: {
    readonly points: number;
    readonly value: Money;
    readonly breakage: { readonly points: number; readonly value: Money };
    readonly unattributed: { readonly issued: number; readonly redeemed: number };
  };
}

type Figures = Readonly<Record<string, number>>;

/** Fen for points at the redemption rate (100 points = 1 CNY in the reference programme). */
export const valueOfPoints = (points: number, pointsPerYuan: number) =>
  pointsPerYuan > 0 ? Math.round((points * 100) / pointsPerYuan) : 0;

const issuedOf = (figures: Figures) => (figures[DayField.issued] ?? 0) - (figures[DayField.reversed] ?? 0);
const redeemedOf = (figures: Figures) => figures[DayField.redeemed] ?? 0;

export function settlementOf(input: {
  readonly period: string;
  readonly partners: ReadonlyMap<string, Figures>;
  /** The programme's figures of the month (every entry, with or without a partner). */
  readonly programme: Figures;
  readonly pointsPerYuan: number;
  readonly currency: string;
}): Settlement {
  const money = (amount: number): Money => ({ amount, currency: input.currency });
  const partners = [...input.partners.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([partnerId, figures]): PartnerSettlement => {
      const issued = issuedOf(figures);
      const redeemed = redeemedOf(figures);
      const issuedValue = valueOfPoints(issued, input.pointsPerYuan);
      const redeemedValue = valueOfPoints(redeemed, input.pointsPerYuan);
      return {
        partnerId,
        issued: { points: issued, value: money(issuedValue) },
        redeemed: { points: redeemed, value: money(redeemedValue) },
        net: money(redeemedValue - issuedValue),
      };
    })
    .filter((row) => row.issued.points !== 0 || row.redeemed.points !== 0);
  const issued = partners.reduce((sum, row) => sum + row.issued.points, 0);
  const redeemed = partners.reduce((sum, row) => sum + row.redeemed.points, 0);
  const nets = partners.reduce((sum, row) => sum + row.net.amount, 0);
  const expired = input.programme[DayField.expired] ?? 0;
  return {
    period: input.period,
    partners,
    clearing: {
      points: issued - redeemed,
      value: money(-nets),
      breakage: { points: expired, value: money(valueOfPoints(expired, input.pointsPerYuan)) },
      unattributed: {
        issued: issuedOf(input.programme) - issued,
        redeemed: redeemedOf(input.programme) - redeemed,
      },
    },
  };
}
