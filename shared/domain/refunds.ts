/**
 * Refunds as the exact inverse of what they refund. A credited purchase keeps its breakdown lines
 * with what each consumed (`EarnedLine.uses`: daily cap, qualifying spend, campaign caps, budget
 * shards) and the basis on which a refund takes a share of it (`LineBasis`). After refunds the
 * purchase has a refunded state (fen, items); each line's refunded fraction f follows from it, and
 * what the refunds gave back of a quantity x of the line (its points or a use) is ⌊x·f⌋. Each
 * refund gives back the difference of that before and after it, so:
 *
 * - refunds adding up to the whole purchase (f = 1 for every line) give back exactly everything,
 *   in whatever split and order;
 * - item-rule and per-unit lines go back with their items (their share of the items' amount or
 *   quantity), amount-based lines (base, tier, birthday, campaigns, threshold) with the amount;
 * - a refund without items spreads over every line by amount.
 */
import type { FieldError } from '../core/errors.js';
import { UseKind, useKey } from './rules/lineUses.js';
import type { EarnedLine, PurchaseItem } from './rules/ruleTypes.js';

/** Refunded so far of one sku of a purchase. */
export interface RefundedItem {
  readonly quantity: number;
  readonly amount: number;
}

export interface RefundState {
  /** All refunds' amounts together. */
  readonly fen: number;
  /** The part of `fen` refunded without naming items (spread over every line by amount). */
  readonly unattributedFen: number;
  readonly items: Readonly<Record<string, RefundedItem>>;
}

export const noRefunds: RefundState = { fen: 0, unattributedFen: 0, items: {} };

export interface RefundRequest {
  readonly amountFen: number;
  readonly items?: readonly { readonly sku: string; readonly quantity: number; readonly amount: number }[];
}

export interface RefundedPurchase {
  readonly amountFen: number;
  readonly items?: readonly PurchaseItem[];
}

function purchasedBySku(items: readonly PurchaseItem[]): Map<string, RefundedItem> {
  const bySku = new Map<string, RefundedItem>();
  for (const item of items) {
    const sum = bySku.get(item.sku) ?? { quantity: 0, amount: 0 };
    bySku.set(item.sku, { quantity: sum.quantity + item.quantity, amount: sum.amount + item.amount });
  }
  return bySku;
}

/** The refunded state after one more refund, or the fields that make the refund impossible. */
export function addRefund(
  purchase: RefundedPurchase,
  before: RefundState,
  request: RefundRequest,
): { ok: true; after: RefundState } | { ok: false; errors: FieldError[] } {
  const left = purchase.amountFen - before.fen;
  if (request.amountFen <= 0 || request.amountFen > left) {
    return {
      ok: false,
      errors: [
        {
          path: 'amount',
          message: `Refunds would exceed the purchase amount (${left} fen left to refund).`,
        },
      ],
    };
  }
  if (!request.items) {
    return {
      ok: true,
      after: {
        ...before,
        fen: before.fen + request.amountFen,
        unattributedFen: before.unattributedFen + request.amountFen,
      },
    };
  }
  if (!purchase.items || purchase.items.length === 0) {
    return { ok: false, errors: [{ path: 'items', message: 'The purchase has no items to refund.' }] };
  }
  const errors: FieldError[] = [];
  const sum = request.items.reduce((total, item) => total + item.amount, 0);
  if (sum !== request.amountFen) {
    errors.push({
      path: 'items',
      message: `The items add up to ${sum} fen, not the refund amount of ${request.amountFen} fen.`,
    });
  }
  const purchased = purchasedBySku(purchase.items);
  const items: Record<string, RefundedItem> = { ...before.items };
  request.items.forEach((item, index) => {
    const bought = purchased.get(item.sku);
    if (!bought) {
      errors.push({ path: `items.${index}.sku`, message: `The purchase has no item "${item.sku}".` });
      return;
    }
    const done = items[item.sku] ?? { quantity: 0, amount: 0 };
    const next = { quantity: done.quantity + item.quantity, amount: done.amount + item.amount };
    if (next.quantity > bought.quantity) {
      errors.push({
        path: `items.${index}.quantity`,
        message: `Only ${bought.quantity - done.quantity} of "${item.sku}" are left to refund.`,
      });
    }
    if (next.amount > bought.amount) {
      errors.push({
        path: `items.${index}.amount`,
        message: `Only ${bought.amount - done.amount} fen of "${item.sku}" are left to refund.`,
      });
    }
    items[item.sku] = next;
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, after: { ...before, fen: before.fen + request.amountFen, items } };
}

/** A line's refunded fraction as numerator / denominator (≤ 1; exactly 1 once all is refunded). */
function fraction(line: EarnedLine, purchase: RefundedPurchase, state: RefundState): [bigint, bigint] {
  const amount = BigInt(purchase.amountFen);
  if (state.fen >= purchase.amountFen) return [1n, 1n];
  const byAmount: [bigint, bigint] = [BigInt(state.fen), amount];
  if (line.basis.by === 'amount') return byAmount;
  const { skus, measure } = line.basis;
  const purchased = purchasedBySku(purchase.items ?? []);
  let total = 0;
  let refunded = 0;
  for (const sku of skus) {
    total += purchased.get(sku)?.[measure] ?? 0;
    refunded += state.items[sku]?.[measure] ?? 0;
  }
  if (total === 0) return byAmount;
  // The items' own share, plus their share of what was refunded without naming items.
  const numerator = BigInt(refunded) * amount + BigInt(state.unattributedFen) * BigInt(total);
  const denominator = BigInt(total) * amount;
  return numerator >= denominator ? [1n, 1n] : [numerator, denominator];
}

const share = (x: number, [n, d]: [bigint, bigint]) => Number((BigInt(x) * n) / d);

export interface Released {
  readonly points: number;
  /** What is given back of each use (see rules/lineUses.ts). */
  readonly uses: Readonly<Record<string, number>>;
}

/**
 * What going from the refunded state `before` to `after` gives back of the purchase's lines.
 * Points: the lines' shares at `after` (all the points once everything is refunded), less what
 * was reversed before (`reversedBefore`, default the shares at `before`), never below 0: a line
 * below 0 (an item multiplier under 1) never makes a refund credit points.
 */
export function released(
  lines: readonly EarnedLine[],
  purchase: RefundedPurchase,
  before: RefundState,
  after: RefundState,
  reversedBefore?: number,
): Released {
  const total = lines.reduce((sum, line) => sum + line.points, 0);
  const clamp = (points: number) => Math.max(0, Math.min(total, points));
  const uses: Record<string, number> = {};
  // The amount-based lines share one fraction: their points go back together, floor(P × R / A)
  // for a purchase without item lines (CONTRACT §3), the item lines each by their own.
  let amountPoints = 0;
  let sharesBefore = 0;
  let sharesAfter = 0;
  for (const line of lines) {
    const [from, to] = [fraction(line, purchase, before), fraction(line, purchase, after)];
    for (const [key, used] of Object.entries(line.uses)) {
      const back = share(used, to) - share(used, from);
      if (back !== 0) uses[key] = (uses[key] ?? 0) + back;
    }
    if (line.basis.by === 'amount') {
      amountPoints += line.points;
    } else {
      sharesBefore += share(line.points, from);
      sharesAfter += share(line.points, to);
    }
  }
  const amountLine: EarnedLine = { ruleId: '', label: '', points: 0, basis: { by: 'amount' }, uses: {} };
  sharesBefore += share(amountPoints, fraction(amountLine, purchase, before));
  sharesAfter += share(amountPoints, fraction(amountLine, purchase, after));
  const target = after.fen >= purchase.amountFen ? total : clamp(sharesAfter);
  const prior = reversedBefore ?? (before.fen >= purchase.amountFen ? total : clamp(sharesBefore));
  return { points: Math.max(0, target - prior), uses };
}

/**
 * The lines of a purchase credited before lines kept their uses: one line of all its points,
 * reversed in proportion to the amount, with its qualifying spend (its daily cap is not known).
 */
export function legacyLines(purchase: {
  readonly points: number;
  readonly amountFen: number;
  readonly qualifyingFen?: number;
  readonly month: string;
}): EarnedLine[] {
  const qualifying = purchase.qualifyingFen ?? purchase.amountFen;
  return [
    {
      ruleId: 'purchase',
      label: 'Purchase',
      points: purchase.points,
      basis: { by: 'amount' },
      uses: qualifying > 0 ? { [useKey(UseKind.spendFen, purchase.month)]: qualifying } : {},
    },
  ];
}

/**
 * Proportional reversal: after refunds totalling R of a purchase of amount A that earned P points,
 * floor(P × R / A) points are reversed in all. Each refund reverses the difference, so refunds
 * adding up to the whole purchase reverse exactly P, whatever the split (one amount-based line).
 */
export function pointsToReverse(input: {
  purchasePoints: number;
  purchaseAmountFen: number;
  refundedFenBefore: number;
  refundFen: number;
}): number | null {
  const { purchasePoints, purchaseAmountFen, refundedFenBefore, refundFen } = input;
  if (refundFen <= 0 || refundedFenBefore + refundFen > purchaseAmountFen) return null;
  const reversedBefore = Math.floor((purchasePoints * refundedFenBefore) / purchaseAmountFen);
  const reversedAfter = Math.floor((purchasePoints * (refundedFenBefore + refundFen)) / purchaseAmountFen);
  return reversedAfter - reversedBefore;
}
