/**
 * A reference model of the programme, written from CONTRACT.md §4-6 and not from the code: members
 * with lots by expiry date, pending purchase points, holds and debt; the day's cap, qualifying
 * spend and tiers; referrals; one store campaign per run with a member cap and a budget; reward
 * stock. Plain data and pure-ish functions (the model mutates its own state), no AWS.
 */
import { type KnownHole, tolerates } from './knownHoles.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const TZ_OFFSET_MS = 8 * HOUR_MS;

/** CONTRACT §4, with 6.1's bound per purchase. */
export const reference = {
  tiers: [
    { code: 'base', thresholdFen: 0, earnPermille: 1000 },
    { code: 'silver', thresholdFen: 100_000, earnPermille: 1200 },
    { code: 'gold', thresholdFen: 1_000_000, earnPermille: 1500 },
    { code: 'platinum', thresholdFen: 5_000_000, earnPermille: 2000 },
  ],
  dailyCapFen: 500_000,
  thresholdBonus: { minAmountFen: 20_000, points: 50 },
  birthdayPermille: 2000,
  pendingDays: 7,
  maxPointsPerPurchase: 20_000,
  enrolmentBonus: 100,
  referralBonus: 100,
  holdMinutes: 15,
  approvalAbovePoints: 5000,
  inactivityMonths: 6,
  minPaymentPoints: 100,
} as const;

/**
 * The model's campaigns, one set per run: a bonus at one store of partner A, capped per member and
 * budgeted; and a first-purchase bonus anywhere.
 */
export interface ModelCampaign {
  readonly campaignId: string;
  /** `partnerId/storeId` (CONTRACT 6.1); every store when absent. */
  readonly store?: { readonly partnerId: string; readonly storeId: string };
  readonly firstPurchase?: boolean;
  readonly bonusPoints: number;
  readonly minAmountFen: number;
  readonly capPerMemberPoints?: number;
  readonly budgetPoints?: number;
}

/** The item rules of the model's programme: per unit, a multiplier, an exclusion. */
export const itemRules = [
  { ruleId: 'bottle', label: 'Bottles 5 a unit', skus: ['BOTTLE'], effect: { kind: 'perUnit', points: 5 } },
  {
    ruleId: 'coffee',
    label: 'Coffee ×2',
    categories: ['coffee'],
    effect: { kind: 'multiplier', permille: 2000 },
  },
  {
    ruleId: 'giftcard',
    label: 'Gift cards earn nothing',
    categories: ['giftcard'],
    effect: { kind: 'exclude', fromQualifyingSpend: true },
  },
] as const;

export interface ModelItem {
  readonly sku: string;
  readonly category?: string;
  readonly quantity: number;
  readonly amount: number;
}

export interface Lot {
  /** Expiry instant (00:00 programme time, 1 January of the earn year + 2). */
  expiresAtMs: number;
  points: number;
}

export interface PendingCredit {
  readonly purchaseId: string;
  points: number;
  readonly availableAtMs: number;
  readonly expiresAtMs: number;
}

export interface ModelHold {
  readonly redemptionId: string;
  readonly points: number;
  readonly taken: Lot[];
  readonly expiresAtMs: number;
}

export interface ModelMember {
  readonly memberId: string;
  readonly enrolledBy: string;
  readonly referrerId: string | null;
  birthday: string | null;
  /** Available points by expiry (positive), and what is owed (a negative balance). */
  lots: Lot[];
  debt: number;
  pending: PendingCredit[];
  holds: Map<string, ModelHold>;
  tier: string;
  /** Qualifying spend by programme month `YYYY-MM`. */
  spend: Map<string, number>;
  /** Eligible purchase fen by programme day (the daily cap). */
  dayEligible: Map<string, number>;
  /** Points each capped campaign gave the member. */
  campaignPoints: Map<string, number>;
  /** Credited purchases that count as a first purchase (for referrals); imported spend counts too. */
  purchasesCounted: number;
  lastPurchaseAtMs: number | null;
  referralPaidBy: string | null;
  /** Points of lots that expired but that the expiry job has not written as entries yet. */
  expiredUnrecorded: number;
}

export interface ModelPurchase {
  readonly purchaseId: string;
  readonly partnerId: string;
  readonly memberId: string;
  readonly storeId: string;
  readonly amountFen: number;
  readonly occurredAtMs: number;
  readonly day: string;
  readonly month: string;
  readonly points: number;
  readonly eligibleFen: number;
  readonly campaignGrants: ReadonlyMap<string, number>;
  readonly qualifyingFen: number;
  readonly tierBefore: string;
  /** The tier the spend before the purchase reached (an imported tier may be below it). */
  readonly reachedBefore: string;
  readonly tierAfter: string;
  readonly paidReferral: boolean;
  /** True when the points are exact by the contract; false when only bounded (items). */
  readonly exact: boolean;
  refundedFen: number;
  reversed: number;
  refunds: number;
}

export interface Reward {
  readonly rewardId: string;
  readonly pointsCost: number;
  stock: number | null;
}

export interface ModelRedemption {
  readonly redemptionId: string;
  readonly partnerId: string;
  readonly memberId: string;
  readonly rewardId: string | null;
  readonly points: number;
  status: 'completed' | 'held' | 'voided' | 'reversed';
  readonly taken: Lot[];
}

/** What the model knew of a member before a purchase: a full refund must bring all of it back. */
export interface MemberSnapshot {
  readonly balance: number;
  readonly tier: string;
  readonly qualifyingFen: number;
  readonly dayEligible: number;
  readonly referrerBalance: number | null;
}

export function programDay(ms: number): string {
  return new Date(ms + TZ_OFFSET_MS).toISOString().slice(0, 10);
}

export function programMonth(ms: number): string {
  return programDay(ms).slice(0, 7);
}

/** CONTRACT §4: points earned in year Y expire at 00:00 on 1 January of Y+2. */
export function expiryOf(earnedAtMs: number): number {
  const year = Number(programDay(earnedAtMs).slice(0, 4));
  return Date.parse(`${year + 2}-01-01T00:00:00+08:00`);
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

const tierIndex = (code: string) =>
  Math.max(
    0,
    reference.tiers.findIndex((tier) => tier.code === code),
  );

export function tierForSpend(fen: number): string {
  let reached: string = reference.tiers[0].code;
  for (const tier of reference.tiers) if (fen >= tier.thresholdFen) reached = tier.code;
  return reached;
}

function birthdayMonth(birthday: string | null, ms: number): boolean {
  return birthday !== null && birthday.slice(5, 7) === programDay(ms).slice(5, 7);
}

export class ProgrammeModel {
  nowMs: number;
  readonly members = new Map<string, ModelMember>();
  readonly purchases = new Map<string, ModelPurchase>();
  readonly redemptions = new Map<string, ModelRedemption>();
  readonly rewards = new Map<string, Reward>();
  /** Points each budgeted campaign gave everyone. */
  readonly budgetSpent = new Map<string, number>();
  /** Points each desk key adjusted per member and programme day (the cumulative approval threshold). */
  readonly adjustedToday = new Map<string, number>();
  /** Adjustments waiting for approval. */
  readonly pendingAdjustments = new Map<string, { memberId: string; points: number }>();
  readonly log: string[] = [];

  constructor(
    startMs: number,
    readonly campaigns: readonly ModelCampaign[],
  ) {
    this.nowMs = startMs;
  }

  tolerates(hole: KnownHole): boolean {
    return tolerates(hole);
  }

  // --- balances --------------------------------------------------------------------------------

  /** Matured pending points become available (repaying debt first); expired lots go. */
  settle(member: ModelMember): void {
    const matured = member.pending
      .filter((credit) => credit.availableAtMs <= this.nowMs)
      .sort((a, b) => a.availableAtMs - b.availableAtMs);
    member.pending = member.pending.filter((credit) => credit.availableAtMs > this.nowMs);
    for (const credit of matured) this.creditLots(member, credit.points, credit.expiresAtMs);
    for (const lot of member.lots) if (lot.expiresAtMs <= this.nowMs) member.expiredUnrecorded += lot.points;
    member.lots = member.lots.filter((lot) => lot.expiresAtMs > this.nowMs && lot.points > 0);
    for (const [id, hold] of member.holds) {
      if (hold.expiresAtMs <= this.nowMs) this.endHold(member, id, 'voided');
    }
  }

  private creditLots(member: ModelMember, points: number, expiresAtMs: number): void {
    const repaid = Math.min(member.debt, points);
    member.debt -= repaid;
    const rest = points - repaid;
    if (rest <= 0) return;
    const lot = member.lots.find((candidate) => candidate.expiresAtMs === expiresAtMs);
    if (lot) lot.points += rest;
    else member.lots.push({ expiresAtMs, points: rest });
  }

  private liveLots(member: ModelMember): Lot[] {
    return member.lots
      .filter((lot) => lot.expiresAtMs > this.nowMs && lot.points > 0)
      .sort((a, b) => a.expiresAtMs - b.expiresAtMs);
  }

  available(member: ModelMember): number {
    this.settle(member);
    return this.liveLots(member).reduce((sum, lot) => sum + lot.points, 0) - member.debt;
  }

  pending(member: ModelMember): number {
    this.settle(member);
    return member.pending.reduce((sum, credit) => sum + credit.points, 0);
  }

  held(member: ModelMember): number {
    this.settle(member);
    return [...member.holds.values()].reduce((sum, hold) => sum + hold.points, 0);
  }

  balance(member: ModelMember): number {
    return this.available(member) + this.pending(member) + this.held(member);
  }

  /** Spends from the soonest-expiring lots; null when there are not enough available points. */
  private spend(member: ModelMember, points: number): Lot[] | null {
    if (this.available(member) < points) return null;
    let remaining = points;
    const taken: Lot[] = [];
    for (const lot of this.liveLots(member)) {
      const take = Math.min(lot.points, remaining);
      if (take <= 0) continue;
      lot.points -= take;
      remaining -= take;
      taken.push({ expiresAtMs: lot.expiresAtMs, points: take });
    }
    member.lots = member.lots.filter((lot) => lot.points > 0);
    return taken;
  }

  /** A reversal: from the lots soonest first, the rest becomes debt. */
  private debit(member: ModelMember, points: number): void {
    this.settle(member);
    let remaining = points;
    for (const lot of this.liveLots(member)) {
      const take = Math.min(lot.points, remaining);
      lot.points -= take;
      remaining -= take;
    }
    member.lots = member.lots.filter((lot) => lot.points > 0);
    member.debt += remaining;
  }

  private restore(member: ModelMember, taken: readonly Lot[]): void {
    for (const lot of taken) this.creditLots(member, lot.points, lot.expiresAtMs);
  }

  qualifyingFen(member: ModelMember): number {
    const current = monthIndex(programMonth(this.nowMs));
    let total = 0;
    for (const [month, fen] of member.spend) {
      const age = current - monthIndex(month);
      if (age >= 0 && age < 12) total += fen;
    }
    return total;
  }

  // --- operations -----------------------------------------------------------------------------

  enrol(
    memberId: string,
    partnerId: string,
    referrerId: string | null,
    birthday: string | null,
  ): ModelMember {
    const member: ModelMember = {
      memberId,
      enrolledBy: partnerId,
      referrerId,
      birthday,
      lots: [],
      debt: 0,
      pending: [],
      holds: new Map(),
      tier: reference.tiers[0].code,
      spend: new Map(),
      dayEligible: new Map(),
      campaignPoints: new Map(),
      purchasesCounted: 0,
      lastPurchaseAtMs: null,
      referralPaidBy: null,
      expiredUnrecorded: 0,
    };
    this.creditLots(member, reference.enrolmentBonus, expiryOf(this.nowMs));
    this.members.set(memberId, member);
    return member;
  }

  snapshot(member: ModelMember, day = programDay(this.nowMs)): MemberSnapshot {
    const referrer = member.referrerId ? this.members.get(member.referrerId) : undefined;
    return {
      balance: this.balance(member),
      tier: member.tier,
      qualifyingFen: this.qualifyingFen(member),
      dayEligible: member.dayEligible.get(day) ?? 0,
      referrerBalance: referrer ? this.balance(referrer) : null,
    };
  }

  /**
   * What a purchase earns by the contract: eligible whole yuan after the day's cap × tier ×
   * birthday, plus the threshold bonus and the campaigns' bonuses (only on the part within the
   * cap), never more than maxPointsPerPurchase. With items the contract bounds the lines but does
   * not fix them: `exact` is false, and the model takes the credited points, checked against
   * `upperBound` (item multipliers of at most ×2, per-unit points only on priced items).
   */
  earn(input: {
    member: ModelMember;
    partnerId: string;
    storeId: string;
    amountFen: number;
    items: readonly ModelItem[] | null;
    occurredAtMs: number;
  }) {
    const { member } = input;
    const items = input.items ?? [];
    const excludedFen = items
      .filter((item) => item.category === 'giftcard')
      .reduce((sum, item) => sum + item.amount, 0);
    const earnFen = input.amountFen - excludedFen;
    const day = programDay(input.occurredAtMs);
    const capLeft = Math.max(0, reference.dailyCapFen - (member.dayEligible.get(day) ?? 0));
    const eligibleFen = Math.min(earnFen, capLeft);
    const tier = reference.tiers[tierIndex(member.tier)]!;
    const birthday = birthdayMonth(member.birthday, input.occurredAtMs) ? reference.birthdayPermille : 1000;
    const yuan = Math.floor(eligibleFen / 100);
    const base = Math.floor((yuan * tier.earnPermille * birthday) / 1_000_000);
    const threshold =
      eligibleFen >= reference.thresholdBonus.minAmountFen ? reference.thresholdBonus.points : 0;
    const grants = new Map<string, number>();
    for (const campaign of this.campaigns) {
      const atStore =
        !campaign.store ||
        (input.partnerId === campaign.store.partnerId && input.storeId === campaign.store.storeId);
      const first = !campaign.firstPurchase || member.purchasesCounted === 0;
      if (!atStore || !first || eligibleFen < campaign.minAmountFen) continue;
      const capRoom =
        campaign.capPerMemberPoints === undefined
          ? Number.POSITIVE_INFINITY
          : campaign.capPerMemberPoints - (member.campaignPoints.get(campaign.campaignId) ?? 0);
      const budgetRoom =
        campaign.budgetPoints === undefined
          ? Number.POSITIVE_INFINITY
          : campaign.budgetPoints - (this.budgetSpent.get(campaign.campaignId) ?? 0);
      const points = Math.max(0, Math.min(campaign.bonusPoints, capRoom, budgetRoom));
      if (points > 0) grants.set(campaign.campaignId, points);
    }
    const campaignPoints = [...grants.values()].reduce((sum, points) => sum + points, 0);
    const raw = base + threshold + campaignPoints;
    const max = reference.maxPointsPerPurchase;
    const perUnit = items
      .filter((item) => item.sku === 'BOTTLE' && item.amount > 0)
      .reduce((sum, item) => sum + 5 * item.quantity, 0);
    const upperBound =
      items.length > 0
        ? Math.min(2 * base + 1 + threshold + campaignPoints + (eligibleFen > 0 ? perUnit : 0), max)
        : Math.min(raw, max);
    return {
      points: Math.min(raw, max),
      upperBound,
      eligibleFen,
      qualifyingFen: input.amountFen - excludedFen,
      grants,
      day,
      exact: items.length === 0,
    };
  }

  /** Records a credited purchase with the points it earned (the model's or, for items, the code's). */
  credit(input: {
    purchaseId: string;
    partnerId: string;
    member: ModelMember;
    storeId: string;
    amountFen: number;
    qualifyingFen: number;
    occurredAtMs: number;
    points: number;
    eligibleFen: number;
    grants: ReadonlyMap<string, number>;
    exact: boolean;
  }): ModelPurchase {
    const { member } = input;
    const day = programDay(input.occurredAtMs);
    const month = programMonth(input.occurredAtMs);
    const reachedBefore = tierForSpend(this.qualifyingFen(member));
    member.dayEligible.set(day, (member.dayEligible.get(day) ?? 0) + input.eligibleFen);
    member.spend.set(month, (member.spend.get(month) ?? 0) + input.qualifyingFen);
    for (const [campaignId, points] of input.grants) {
      member.campaignPoints.set(campaignId, (member.campaignPoints.get(campaignId) ?? 0) + points);
      this.budgetSpent.set(campaignId, (this.budgetSpent.get(campaignId) ?? 0) + points);
    }
    member.lastPurchaseAtMs = Math.max(member.lastPurchaseAtMs ?? 0, input.occurredAtMs);
    if (input.points > 0) {
      const availableAtMs = input.occurredAtMs + reference.pendingDays * DAY_MS;
      member.pending.push({
        purchaseId: input.purchaseId,
        points: input.points,
        availableAtMs,
        expiresAtMs: expiryOf(input.occurredAtMs),
      });
      this.settle(member);
    }
    // CONTRACT §4: the referrer's bonus when the first purchase is credited; 6.1: not for 0 points.
    let paidReferral = false;
    const referrer = member.referrerId ? this.members.get(member.referrerId) : undefined;
    const earnsReferral = input.points > 0;
    const firstReferral = member.referralPaidBy === null;
    if (firstReferral && referrer && earnsReferral) {
      this.creditLots(referrer, reference.referralBonus, expiryOf(this.nowMs));
      member.referralPaidBy = input.purchaseId;
      paidReferral = true;
    }
    member.purchasesCounted += 1;
    const tierBefore = member.tier;
    const reached = tierForSpend(this.qualifyingFen(member));
    if (tierIndex(reached) > tierIndex(member.tier)) member.tier = reached;
    const purchase: ModelPurchase = {
      purchaseId: input.purchaseId,
      partnerId: input.partnerId,
      memberId: member.memberId,
      storeId: input.storeId,
      amountFen: input.amountFen,
      occurredAtMs: input.occurredAtMs,
      day,
      month,
      points: input.points,
      eligibleFen: input.eligibleFen,
      campaignGrants: input.grants,
      qualifyingFen: input.qualifyingFen,
      tierBefore,
      reachedBefore,
      tierAfter: member.tier,
      paidReferral,
      exact: input.exact,
      refundedFen: 0,
      reversed: 0,
      refunds: 0,
    };
    this.purchases.set(purchase.purchaseId, purchase);
    return purchase;
  }

  /** CONTRACT §3: floor(P × R / A) reversed in all after refunds totalling R. */
  proportionalReversal(purchase: ModelPurchase, refundFen: number): number {
    const after = purchase.refundedFen + refundFen;
    return (
      Math.floor((purchase.points * after) / purchase.amountFen) -
      Math.floor((purchase.points * purchase.refundedFen) / purchase.amountFen)
    );
  }

  /**
   * Applies a refund whose reversal is `reversed` points: from the purchase's pending points first,
   * then available. A refund that completes the purchase undoes the rest (6.1).
   */
  refund(purchase: ModelPurchase, refundFen: number, reversed: number): void {
    const member = this.members.get(purchase.memberId)!;
    this.settle(member);
    purchase.refundedFen += refundFen;
    purchase.reversed += reversed;
    purchase.refunds += 1;
    let remaining = reversed;
    const credit = member.pending.find((candidate) => candidate.purchaseId === purchase.purchaseId);
    if (credit) {
      const fromPending = Math.min(credit.points, remaining);
      credit.points -= fromPending;
      remaining -= fromPending;
      member.pending = member.pending.filter((candidate) => candidate.points > 0);
    }
    if (remaining > 0) this.debit(member, remaining);
    // Qualifying spend falls by the refund's share of what the purchase added to it.
    const spend = member.spend.get(purchase.month) ?? 0;
    const share = (refunded: number) => Math.floor((purchase.qualifyingFen * refunded) / purchase.amountFen);
    const fall = share(purchase.refundedFen) - share(purchase.refundedFen - refundFen);
    member.spend.set(purchase.month, Math.max(0, spend - fall));
    // What the purchase used goes back in proportion to the amount refunded, rounded so the whole
    // refund gives back all (6.1: the refund of a line gives back what the line used): the day's
    // cap, each campaign's member cap and budget.
    const before = purchase.refundedFen - refundFen;
    const back = (used: number) =>
      Math.floor((used * purchase.refundedFen) / purchase.amountFen) -
      Math.floor((used * before) / purchase.amountFen);
    member.dayEligible.set(
      purchase.day,
      Math.max(0, (member.dayEligible.get(purchase.day) ?? 0) - back(purchase.eligibleFen)),
    );
    for (const [campaignId, points] of purchase.campaignGrants) {
      const given = back(points);
      member.campaignPoints.set(campaignId, (member.campaignPoints.get(campaignId) ?? 0) - given);
      this.budgetSpent.set(campaignId, (this.budgetSpent.get(campaignId) ?? 0) - given);
    }
    // The tier judged again after every refund of a purchase that raised it: never above what the
    // spend reaches, never below the tier before the purchase.
    if (purchase.tierAfter !== purchase.tierBefore) {
      // Spend that reaches no more than it did before the purchase counts as the tier held then.
      const reached = tierForSpend(this.qualifyingFen(member));
      const bySpend = tierIndex(reached) > tierIndex(purchase.reachedBefore) ? reached : purchase.tierBefore;
      const judged = tierIndex(bySpend) > tierIndex(purchase.tierBefore) ? bySpend : purchase.tierBefore;
      if (tierIndex(judged) < tierIndex(member.tier)) member.tier = judged;
    }
    if (purchase.refundedFen < purchase.amountFen) return;
    // The whole purchase refunded: as if it had never been credited.
    if (purchase.paidReferral) {
      const referrer = this.members.get(member.referrerId!)!;
      this.debit(referrer, reference.referralBonus);
      member.referralPaidBy = null;
    }
    // As if never credited: the next purchase may be a first purchase again.
    member.purchasesCounted -= 1;
  }

  // --- spending -------------------------------------------------------------------------------

  redeem(input: {
    redemptionId: string;
    partnerId: string;
    member: ModelMember;
    rewardId: string | null;
    points: number;
    hold: boolean;
  }): 'completed' | 'held' | 'insufficient_points' | 'reward_out_of_stock' {
    const reward = input.rewardId ? this.rewards.get(input.rewardId)! : null;
    if (reward && reward.stock !== null && reward.stock <= 0) return 'reward_out_of_stock';
    const taken = this.spend(input.member, input.points);
    if (!taken) return 'insufficient_points';
    if (reward && reward.stock !== null) reward.stock -= 1;
    const status = input.hold ? 'held' : 'completed';
    if (input.hold) {
      input.member.holds.set(input.redemptionId, {
        redemptionId: input.redemptionId,
        points: input.points,
        taken,
        expiresAtMs: this.nowMs + reference.holdMinutes * 60_000,
      });
    }
    this.redemptions.set(input.redemptionId, {
      redemptionId: input.redemptionId,
      partnerId: input.partnerId,
      memberId: input.member.memberId,
      rewardId: input.rewardId,
      points: input.points,
      status,
      taken,
    });
    return status;
  }

  endHold(member: ModelMember, redemptionId: string, outcome: 'completed' | 'voided'): void {
    const hold = member.holds.get(redemptionId);
    if (!hold) return;
    member.holds.delete(redemptionId);
    if (outcome === 'voided') this.restore(member, hold.taken);
    const redemption = this.redemptions.get(redemptionId);
    if (redemption) redemption.status = outcome;
  }

  reverse(redemption: ModelRedemption): void {
    const member = this.members.get(redemption.memberId)!;
    redemption.status = 'reversed';
    this.restore(member, redemption.taken);
    const reward = redemption.rewardId ? this.rewards.get(redemption.rewardId) : undefined;
    if (reward && reward.stock !== null) reward.stock += 1;
  }

  // --- desk -----------------------------------------------------------------------------------

  /** 6.1: the threshold applies to one key's sum for one member in one programme day. */
  adjustmentNeedsApproval(keyId: string, memberId: string, points: number): boolean {
    const key = `${keyId}|${memberId}|${programDay(this.nowMs)}`;
    return (this.adjustedToday.get(key) ?? 0) + Math.abs(points) > reference.approvalAbovePoints;
  }

  countAdjustment(keyId: string, memberId: string, points: number): void {
    const key = `${keyId}|${memberId}|${programDay(this.nowMs)}`;
    this.adjustedToday.set(key, (this.adjustedToday.get(key) ?? 0) + Math.abs(points));
  }

  /** Applies an adjustment; false when a debit would take available below zero. */
  adjust(member: ModelMember, points: number): boolean {
    if (points > 0) {
      this.creditLots(member, points, expiryOf(this.nowMs));
      return true;
    }
    return this.spend(member, -points) !== null;
  }

  // --- jobs -----------------------------------------------------------------------------------

  /** The monthly review (CONTRACT §4). */
  reviewTiers(): void {
    const current = monthIndex(programMonth(this.nowMs));
    for (const member of this.members.values()) {
      const index = tierIndex(member.tier);
      if (index === 0) continue;
      const inactive =
        member.lastPurchaseAtMs === null ||
        current - monthIndex(programMonth(member.lastPurchaseAtMs)) >= reference.inactivityMonths;
      if (inactive) member.tier = reference.tiers[0].code;
      else if (this.qualifyingFen(member) < reference.tiers[index]!.thresholdFen) {
        member.tier = reference.tiers[index - 1]!.code;
      }
    }
  }
}
