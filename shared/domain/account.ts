/**
 * A member's account as plain data, and the pure operations the ledger applies to it. Each use
 * case reads the account, applies one of these, and commits the result with a version condition.
 */
import { programDay, programMonth } from './calendar.js';
import { expiresOn } from './expiry.js';
import {
  type Balance,
  creditBalance,
  debitForReversal,
  type Lots,
  NEVER,
  spendSoonestFirst,
  totalOf,
} from './lots.js';
import { availableAt, type PendingLot, pendingTotal, settleMatured } from './pending.js';
import type { Program } from './program.js';
import { type CampaignGrant, earnPoints, type MemberEarningState } from './rules/earnPoints.js';
import { publicLines, UseKind, usesOfKind } from './rules/lineUses.js';
import type { BreakdownLine, EarnedLine, PurchaseItem } from './rules/ruleTypes.js';
import {
  addSpend,
  pruneSpend,
  type QualifyingSpend,
  type TierUpgrade,
  tierAfterRefund,
  tierForSpend,
  trailingSpendFen,
  upgradeAfterPurchase,
} from './tiers.js';

export interface Hold {
  readonly points: number;
  readonly taken: Lots;
  readonly untilMs: number;
}

export interface AccountState {
  readonly memberId: string;
  readonly status: 'active' | 'erased';
  readonly tier: string;
  readonly tierSince: string;
  /** When the member enrolled (business clock). */
  readonly enrolledAt: string;
  /** Incremented by every change; the optimistic-concurrency guard. */
  readonly version: number;
  /** Available points by expiry date (`YYYY-MM-DD`, or NEVER). */
  readonly lots: Lots;
  /** Points owed after a refund reversed points already spent; later earnings repay it first. */
  readonly debt: number;
  /** Purchase points still inside the return window. */
  readonly pending: readonly PendingLot[];
  /** Points reserved by payment holds, by redemption id. */
  readonly holds: Readonly<Record<string, Hold>>;
  /** Qualifying spend by programme month (`YYYY-MM`), in fen. */
  readonly spend: QualifyingSpend;
  readonly lastPurchaseAtMs: number | null;
  /** Purchase amounts that already earned points, by programme day, for the daily cap. */
  readonly dailyEligibleFen: Readonly<Record<string, number>>;
  /** Activities credited, by programme day and type, for the per-day limits. */
  readonly activityCounts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly firstPurchaseCredited: boolean;
  readonly erasedAt?: string;
  /** Points granted so far by each campaign with a per-member cap, by campaign id. */
  readonly campaignPoints?: Readonly<Record<string, number>>;
  /** The partner whose key enrolled the member (new members by partner); absent for imports and older accounts. */
  readonly enrolledBy?: { readonly partnerId: string };
  /**
   * Credited purchases not wholly refunded (older accounts: 1 if one was credited, never refunded
   * away): `firstPurchaseCredited` follows it, and with it first-purchase rules and the referral.
   */
  readonly openPurchases?: number;
  /**
   * The purchase (`<partnerId>/<purchaseId>`) whose credit paid the referrer's bonus, until its
   * whole refund takes it back; null while none did (the next purchase that earns points pays it).
   * Older accounts that have purchased count as paid (`legacy`).
   */
  readonly referralPaidBy?: string | null;
}

/**
 * How many days of daily-cap and activity counters an account keeps: at least 40, and always more
 * than the claim window, so that every claimable day has its counters.
 */
const minCounterDays = 40;
const dayMs = 86_400_000;

function counterDays(program: Program): number {
  return Math.max(minCounterDays, program.earning.claimWindowDays + 2);
}

/** The oldest programme day whose counters the account still holds. */
export function oldestCountedDay(nowMs: number, program: Program): string {
  return programDay(nowMs - counterDays(program) * dayMs, program.timeZone);
}

/** A new account in the programme's first tier (`firstTier`: its code, `base` in the reference programme). */
export function newAccount(memberId: string, nowMs: number, firstTier = 'base'): AccountState {
  return {
    memberId,
    status: 'active',
    tier: firstTier,
    tierSince: new Date(nowMs).toISOString(),
    enrolledAt: new Date(nowMs).toISOString(),
    version: 0,
    lots: {},
    debt: 0,
    pending: [],
    holds: {},
    spend: {},
    lastPurchaseAtMs: null,
    dailyEligibleFen: {},
    activityCounts: {},
    firstPurchaseCredited: false,
  };
}

/**
 * Fills fields missing from accounts written by older versions. The purchase counts, when absent,
 * follow `firstPurchaseCredited` (an older or imported account that has purchased counts one
 * purchase that no refund can take away).
 */
export function normaliseAccount(account: AccountState): AccountState {
  const legacyCount = account.firstPurchaseCredited ? 1 : 0;
  return {
    ...newAccount(account.memberId, Date.parse(account.tierSince), account.tier),
    ...account,
    openPurchases: account.openPurchases ?? legacyCount,
    referralPaidBy:
      account.referralPaidBy !== undefined
        ? account.referralPaidBy
        : account.firstPurchaseCredited
          ? 'legacy'
          : null,
  };
}

function pruneDays<T>(
  byDay: Readonly<Record<string, T>>,
  nowMs: number,
  program: Program,
): Record<string, T> {
  const oldest = oldestCountedDay(nowMs, program);
  return Object.fromEntries(Object.entries(byDay).filter(([day]) => day >= oldest));
}

/**
 * What a day's purchases already took of the daily cap. A day older than the counters the account
 * keeps cannot be checked, so it counts as full: a back-dated purchase never escapes the cap.
 */
function eligibleBefore(account: AccountState, day: string, nowMs: number, program: Program): number {
  if (day < oldestCountedDay(nowMs, program)) return program.earning.dailyCapFen;
  return account.dailyEligibleFen[day] ?? 0;
}

/** Moves pending points whose return window has ended into the available lots. */
export function settleAccount(account: AccountState, nowMs: number): AccountState {
  const current = normaliseAccount(account);
  const settled = settleMatured({ lots: current.lots, debt: current.debt }, current.pending, nowMs);
  return { ...current, lots: settled.balance.lots, debt: settled.balance.debt, pending: settled.pending };
}

function withBalance(account: AccountState, balance: Balance): AccountState {
  return { ...account, lots: balance.lots, debt: balance.debt };
}

/** Lots that have not expired by `nowMs` (expiry is exact even before the expiry job runs). */
export function liveLots(lots: Lots, nowMs: number, tz: string): Lots {
  const today = programDay(nowMs, tz);
  return Object.fromEntries(Object.entries(lots).filter(([date, points]) => date > today && points > 0));
}

export interface AccountBalances {
  readonly available: number;
  readonly pending: number;
  readonly held: number;
  readonly expiring: readonly { readonly points: number; readonly expiresOn: string }[];
}

/** The balances a member sees at `nowMs`. */
export function balancesOf(account: AccountState, nowMs: number, program: Program): AccountBalances {
  const settled = settleAccount(account, nowMs);
  const lots = liveLots(settled.lots, nowMs, program.timeZone);
  const held = Object.values(settled.holds).reduce((sum, hold) => sum + hold.points, 0);
  return {
    available: totalOf(lots) - settled.debt,
    pending: pendingTotal(settled.pending, nowMs),
    held,
    expiring: Object.entries(lots)
      .filter(([date]) => date !== NEVER)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([date, points]) => ({ points, expiresOn: date })),
  };
}

export function qualifyingSpendFen(account: AccountState, nowMs: number, program: Program): number {
  return trailingSpendFen(normaliseAccount(account).spend, nowMs, program.timeZone, 12);
}

export interface PurchaseCredit {
  readonly purchaseId: string;
  readonly amountFen: number;
  readonly items?: readonly PurchaseItem[] | null;
  readonly occurredAtMs: number;
  readonly storeId: string;
  readonly birthday: string | null;
  readonly nowMs: number;
  readonly program: Program;
  /** At most what remains of campaign budgets (see rules/budget.ts); absent: the whole budgets. */
  readonly budgetLeft?: Readonly<Record<string, number>>;
}

export interface CreditedPurchase {
  readonly account: AccountState;
  readonly points: number;
  /** The points by rule; the lines add up to `points`. */
  readonly breakdown: readonly BreakdownLine[];
  /** The same lines with what each consumed, for the purchase record (refunds give it back). */
  readonly lines: readonly EarnedLine[];
  /** The upgrade the purchase caused, for a refund to undo. */
  readonly tierUpgrade: TierUpgrade | null;
  /** Campaigns whose points were cut by what was known to remain of their budget. */
  readonly budgetLimited: readonly string[];
  /** The part of the amount that counts towards tiers. */
  readonly qualifyingFen: number;
  /** What each campaign gave, for its budget. */
  readonly campaignGrants: readonly CampaignGrant[];
  readonly availableAtMs: number;
  readonly firstPurchase: boolean;
  readonly tierChanged: { readonly from: string; readonly to: string } | null;
  readonly description: string;
}

/**
 * What the rule engine needs to know of the member: the same for the estimate, the credit and
 * the simulator, so that they agree for the same account.
 */
export function earningState(
  account: AccountState | null,
  birthday: string | null,
  occurredAtMs: number,
  nowMs: number,
  program: Program,
): MemberEarningState {
  const current = account ? normaliseAccount(account) : null;
  return {
    tierCode: current?.tier ?? program.tiers[0]!.code,
    birthday,
    dayEligibleFenBefore: current
      ? eligibleBefore(current, programDay(occurredAtMs, program.timeZone), nowMs, program)
      : 0,
    firstPurchase: !(current?.firstPurchaseCredited ?? false),
    campaignPoints: current?.campaignPoints ?? {},
  };
}

export function estimatePoints(
  account: AccountState | null,
  birthday: string | null,
  input: {
    amountFen: number;
    items?: readonly PurchaseItem[] | null;
    occurredAtMs: number;
    storeId: string;
    program: Program;
    nowMs: number;
  },
): number {
  return earnPoints({
    program: input.program,
    amountFen: input.amountFen,
    items: input.items,
    occurredAtMs: input.occurredAtMs,
    storeId: input.storeId,
    member: earningState(account, birthday, input.occurredAtMs, input.nowMs, input.program),
  }).points;
}

/**
 * Credits a purchase: points at the member's current tier (an upgrade this purchase causes
 * applies from the next one), pending until the return window ends, expiring by the policy.
 */
export function creditPurchase(account: AccountState, input: PurchaseCredit): CreditedPurchase {
  const { program, nowMs } = input;
  const tz = program.timeZone;
  const current = normaliseAccount(account);
  const day = programDay(input.occurredAtMs, tz);
  const earned = earnPoints({
    program,
    amountFen: input.amountFen,
    items: input.items,
    occurredAtMs: input.occurredAtMs,
    storeId: input.storeId,
    member: earningState(current, input.birthday, input.occurredAtMs, nowMs, program),
    budgetLeft: input.budgetLeft,
  });
  const cappedCampaigns = new Set(
    program.earning.campaigns
      .filter((campaign) => campaign.capPerMemberPoints !== undefined)
      .map((campaign) => campaign.campaignId),
  );
  const campaignPoints = { ...(current.campaignPoints ?? {}) };
  for (const grant of earned.campaignGrants) {
    if (cappedCampaigns.has(grant.campaignId)) {
      campaignPoints[grant.campaignId] = (campaignPoints[grant.campaignId] ?? 0) + grant.points;
    }
  }
  const availableAtMs = availableAt(input.occurredAtMs, program);
  const expiry = expiresOn(input.occurredAtMs, program.expiry, tz) ?? NEVER;
  let next: AccountState = {
    ...current,
    dailyEligibleFen: pruneDays(
      { ...current.dailyEligibleFen, [day]: (current.dailyEligibleFen[day] ?? 0) + earned.eligibleFen },
      nowMs,
      program,
    ),
    spend: pruneSpend(
      addSpend(current.spend, programMonth(input.occurredAtMs, tz), earned.qualifyingFen),
      nowMs,
      tz,
    ),
    lastPurchaseAtMs: Math.max(current.lastPurchaseAtMs ?? 0, input.occurredAtMs),
    firstPurchaseCredited: true,
    openPurchases: (current.openPurchases ?? 0) + 1,
    ...(Object.keys(campaignPoints).length > 0 ? { campaignPoints } : {}),
  };
  if (earned.points > 0) {
    if (availableAtMs <= nowMs) {
      next = withBalance(next, creditBalance(next, expiry, earned.points).balance);
    } else {
      next = {
        ...next,
        pending: [
          ...next.pending,
          { purchaseId: input.purchaseId, points: earned.points, availableAtMs, expiresOn: expiry },
        ],
      };
    }
  }
  const newTier = upgradeAfterPurchase(current.tier, trailingSpendFen(next.spend, nowMs, tz, 12), program);
  const tierChanged = newTier !== current.tier ? { from: current.tier, to: newTier } : null;
  if (tierChanged) next = { ...next, tier: newTier, tierSince: new Date(nowMs).toISOString() };
  const bonus = earned.thresholdBonus > 0 ? ` incl. ${earned.thresholdBonus} threshold bonus` : '';
  return {
    account: { ...next, version: current.version + 1 },
    points: earned.points,
    breakdown: publicLines(earned.breakdown),
    lines: earned.breakdown,
    tierUpgrade: tierChanged
      ? {
          ...tierChanged,
          fromSince: current.tierSince,
          reachedBefore: tierForSpend(trailingSpendFen(current.spend, nowMs, tz, 12), program).code,
        }
      : null,
    budgetLimited: earned.budgetLimited,
    qualifyingFen: earned.qualifyingFen,
    campaignGrants: earned.campaignGrants,
    availableAtMs,
    firstPurchase: !current.firstPurchaseCredited,
    tierChanged,
    description: `Purchase of ${input.amountFen} fen at ${input.storeId}${bonus}`,
  };
}

/** Credits points that are available at once (enrolment, referral, activities). */
export function creditBonus(account: AccountState, points: number, earnedAtMs: number, program: Program) {
  const current = normaliseAccount(account);
  const expiry = expiresOn(earnedAtMs, program.expiry, program.timeZone) ?? NEVER;
  return {
    ...withBalance(current, creditBalance(current, expiry, points).balance),
    version: current.version + 1,
  };
}

export interface RefundReversal {
  readonly purchaseId: string;
  readonly points: number;
  /** Qualifying spend to take off the purchase's month, when `released` is not given. */
  readonly amountFen: number;
  readonly purchaseOccurredAtMs: number;
  readonly nowMs: number;
  readonly program: Program;
  /** What the refund gives back of the purchase's uses (domain/refunds.ts `released`). */
  readonly released?: Readonly<Record<string, number>>;
  /** The purchase is now wholly refunded: it stops counting as a credited purchase (when it counted). */
  readonly whole?: { readonly counted: boolean };
  /** The upgrade the purchase caused: the tier is judged again. */
  readonly tierUpgrade?: TierUpgrade | null;
}

export interface RefundedAccount {
  readonly account: AccountState;
  /** The tier went down again (not to the tier before the upgrade: that one is told, not silent). */
  readonly tierChanged: { readonly from: string; readonly to: string; readonly toOldTier: boolean } | null;
}

/**
 * Reverses refunded points: the purchase's pending points first, then available ones, then debt.
 * Lots that have expired (swept by the expiry job or not) are never used: they are not available.
 */
export function reverseForRefund(account: AccountState, reversal: RefundReversal): AccountState {
  return refundAccount(account, reversal).account;
}

/** Subtracts `back` from each key of `counts` that is still there, never below 0. */
function giveBack(counts: Readonly<Record<string, number>>, back: Readonly<Record<string, number>>) {
  const next = { ...counts };
  for (const [key, amount] of Object.entries(back)) {
    if (next[key] !== undefined) next[key] = Math.max(0, next[key] - amount);
  }
  return next;
}

/**
 * A refund applied to the account: points (as `reverseForRefund`), and every use the refund gives
 * back: qualifying spend, the daily cap's headroom, campaign caps; the tier judged again; a whole
 * refund no longer counts the purchase (first-purchase rules and the referral follow; the use
 * case takes back the referral bonus the purchase paid).
 */
export function refundAccount(account: AccountState, reversal: RefundReversal): RefundedAccount {
  const current = normaliseAccount(account);
  let remaining = reversal.points;
  const pending = current.pending.map((lot) => {
    if (lot.purchaseId !== reversal.purchaseId || remaining === 0) return lot;
    const take = Math.min(lot.points, remaining);
    remaining -= take;
    return { ...lot, points: lot.points - take };
  });
  const tz = reversal.program.timeZone;
  const live = liveLots(current.lots, reversal.nowMs, tz);
  const expired = Object.fromEntries(Object.entries(current.lots).filter(([date]) => !(date in live)));
  const fromLive =
    remaining > 0
      ? debitForReversal({ lots: live, debt: current.debt }, remaining)
      : { lots: live, debt: current.debt };
  const balance = { lots: { ...expired, ...fromLive.lots }, debt: fromLive.debt };
  let spend = current.spend;
  if (reversal.released) {
    for (const [month, fen] of Object.entries(usesOfKind(reversal.released, UseKind.spendFen))) {
      spend = addSpend(spend, month, -fen);
    }
  } else {
    spend = addSpend(spend, programMonth(reversal.purchaseOccurredAtMs, tz), -reversal.amountFen);
  }
  const campaignBack = reversal.released ? usesOfKind(reversal.released, UseKind.campaignCap) : {};
  const campaignPoints = current.campaignPoints ? giveBack(current.campaignPoints, campaignBack) : undefined;
  let next: AccountState = {
    ...current,
    lots: balance.lots,
    debt: balance.debt,
    pending: pending.filter((lot) => lot.points > 0),
    spend,
    dailyEligibleFen: reversal.released
      ? giveBack(current.dailyEligibleFen, usesOfKind(reversal.released, UseKind.dayFen))
      : current.dailyEligibleFen,
    ...(campaignPoints ? { campaignPoints } : {}),
    version: current.version + 1,
  };
  if (reversal.whole) {
    const openPurchases = Math.max(0, (current.openPurchases ?? 0) - (reversal.whole.counted ? 1 : 0));
    next = { ...next, openPurchases, firstPurchaseCredited: openPurchases > 0 };
  }
  const tier = tierAfterRefund(
    next,
    reversal.tierUpgrade,
    trailingSpendFen(next.spend, reversal.nowMs, tz, 12),
    new Date(reversal.nowMs).toISOString(),
    reversal.program,
  );
  const tierChanged = tier.changed
    ? { from: current.tier, to: tier.tier, toOldTier: tier.tier === reversal.tierUpgrade?.from }
    : null;
  if (tier.changed) next = { ...next, tier: tier.tier, tierSince: tier.tierSince };
  return { account: next, tierChanged };
}

/** Takes a referral bonus back from the referrer: from available points, then as debt (like a refund). */
export function reverseReferral(referrer: AccountState, points: number, nowMs: number, program: Program) {
  const current = normaliseAccount(referrer);
  const live = liveLots(current.lots, nowMs, program.timeZone);
  const expired = Object.fromEntries(Object.entries(current.lots).filter(([date]) => !(date in live)));
  const balance = debitForReversal({ lots: live, debt: current.debt }, points);
  return {
    ...current,
    lots: { ...expired, ...balance.lots },
    debt: balance.debt,
    version: current.version + 1,
  };
}

export type SpendResult =
  | { readonly ok: true; readonly account: AccountState; readonly taken: Lots }
  | { readonly ok: false; readonly available: number };

/**
 * Spends points from live lots, soonest expiry first. With `hold`, the points are reserved
 * under the redemption id until captured or voided.
 */
export function spendPoints(
  account: AccountState,
  points: number,
  nowMs: number,
  program: Program,
  hold?: { readonly redemptionId: string; readonly untilMs: number },
): SpendResult {
  const current = normaliseAccount(account);
  const live = liveLots(current.lots, nowMs, program.timeZone);
  const available = totalOf(live) - current.debt;
  if (current.debt > 0 || points > available) return { ok: false, available: Math.max(available, 0) };
  const spent = spendSoonestFirst(live, points);
  if (!spent.ok) return { ok: false, available };
  const expired = Object.fromEntries(Object.entries(current.lots).filter(([date]) => !(date in live)));
  const lots = { ...expired, ...spent.lots };
  const holds = hold
    ? { ...current.holds, [hold.redemptionId]: { points, taken: spent.taken, untilMs: hold.untilMs } }
    : current.holds;
  return { ok: true, taken: spent.taken, account: { ...current, lots, holds, version: current.version + 1 } };
}

/** Credits points back with the expiry dates they had; like every credit, they repay debt first. */
function creditTaken(balance: Balance, taken: Lots): Balance {
  return Object.entries(taken)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .reduce<Balance>((next, [date, points]) => creditBalance(next, date, points).balance, balance);
}

/**
 * Ends a hold: `capture` keeps the points spent, `void` puts them back with their expiry dates
 * (repaying any debt a refund made in the meantime first).
 */
export function endHold(
  account: AccountState,
  redemptionId: string,
  outcome: 'capture' | 'void',
): AccountState {
  const current = normaliseAccount(account);
  const hold = current.holds[redemptionId];
  const { [redemptionId]: _ended, ...holds } = current.holds;
  if (!hold) return current;
  const balance = outcome === 'void' ? creditTaken(current, hold.taken) : current;
  return { ...withBalance(current, balance), holds, version: current.version + 1 };
}

/** Puts spent points back with the expiry dates they had (a reversed redemption), repaying debt first. */
export function restorePoints(account: AccountState, taken: Lots): AccountState {
  const current = normaliseAccount(account);
  return { ...withBalance(current, creditTaken(current, taken)), version: current.version + 1 };
}

/** Counts one activity on its programme day. */
export function countActivity(
  account: AccountState,
  type: string,
  occurredAtMs: number,
  nowMs: number,
  program: Program,
) {
  const current = normaliseAccount(account);
  const day = programDay(occurredAtMs, program.timeZone);
  const today = current.activityCounts[day] ?? {};
  // A day older than the kept counters cannot be checked: it counts as full.
  const beyond = day < oldestCountedDay(nowMs, program);
  return {
    countBefore: beyond ? Number.POSITIVE_INFINITY : (today[type] ?? 0),
    account: {
      ...current,
      activityCounts: pruneDays(
        { ...current.activityCounts, [day]: { ...today, [type]: (today[type] ?? 0) + 1 } },
        nowMs,
        program,
      ),
    },
  };
}
