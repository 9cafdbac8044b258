/** Purchases (with items, at own and other partners' stores) and refunds (partial, full, several, by items). */

import type { ModelItem, ModelMember, ModelPurchase } from '../programmeModel.js';
import type { Key } from '../realProgramme.js';
import { fail, type Run } from '../run.js';
import { expectStatus, iso, keyOf, nextId, partnerOf, pick, Step } from './step.js';

/** An item of a generated purchase: its share of the amount in per-mille (the last takes the rest). */
export interface ItemSpec {
  readonly kind: 'bottle' | 'coffee' | 'giftcard' | 'plain' | 'free-bottles';
  readonly quantity: number;
  readonly share: number;
}

/** Items that add up to the amount (6.1); `free-bottles` is amount 0 and many units (the 2,000,000-point abuse). */
export function itemsOf(amountFen: number, specs: readonly ItemSpec[]): ModelItem[] {
  let left = amountFen;
  const items = specs.map((spec, i) => {
    const priced = spec.kind !== 'free-bottles';
    const last = i === specs.length - 1 || specs.slice(i + 1).every((next) => next.kind === 'free-bottles');
    const amount = !priced ? 0 : last ? left : Math.min(left, Math.floor((amountFen * spec.share) / 1000));
    left -= amount;
    const sku = {
      bottle: 'BOTTLE',
      coffee: 'LATTE',
      giftcard: 'GC-100',
      plain: 'BREAD',
      'free-bottles': 'BOTTLE',
    }[spec.kind];
    const category = {
      bottle: undefined,
      coffee: 'coffee',
      giftcard: 'giftcard',
      plain: 'bakery',
      'free-bottles': undefined,
    }[spec.kind];
    return {
      sku,
      ...(category ? { category } : {}),
      quantity: spec.kind === 'free-bottles' ? 100_000 : spec.quantity,
      amount,
    };
  });
  // Only free items: the amount is a line of its own, so that the items still add up.
  return left > 0 ? [...items, { sku: 'BREAD', category: 'bakery', quantity: 1, amount: left }] : items;
}

/** Buys on both sides; answers the model's purchase (its points checked against the contract). */
export async function buy(
  run: Run,
  input: {
    member: ModelMember;
    key: Key;
    storeId: string;
    amountFen: number;
    items: ModelItem[] | null;
    occurredAtMs: number;
  },
): Promise<ModelPurchase> {
  const { model } = run;
  const { member, key } = input;
  const purchaseId = nextId(run, 'p');
  const body = {
    purchaseId,
    memberId: member.memberId,
    storeId: input.storeId,
    occurredAt: iso(input.occurredAtMs),
    currency: 'CNY',
    amount: input.amountFen,
    ...(input.items ? { items: input.items } : {}),
  };
  const expected = model.earn({
    member,
    // 6.1: a store id is read within the caller's partner.
    partnerId: key.partnerId,
    storeId: input.storeId,
    amountFen: input.amountFen,
    items: input.items,
    occurredAtMs: input.occurredAtMs,
  });
  const { accepted, read } = await run.real.purchase(key, body);
  expectStatus(run, `purchase ${purchaseId}`, accepted.status, 202, accepted.body);
  if (read?.body.status !== 'credited') {
    fail(run, `purchase ${purchaseId} not credited: ${JSON.stringify(read?.body)}`);
  }
  const points = read.body.points;
  if (points > expected.upperBound) {
    fail(
      run,
      `purchase ${purchaseId} earned ${points}, beyond the bound ${expected.upperBound} (${JSON.stringify(read.body.breakdown)})`,
    );
  }
  if (expected.exact && points !== expected.points) {
    fail(
      run,
      `purchase ${purchaseId}: model ${expected.points} points ≠ real ${points} (${JSON.stringify(read.body.breakdown)})`,
    );
  }
  const sum = (read.body.breakdown ?? []).reduce((total, line) => total + line.points, 0);
  if (read.body.breakdown && sum !== points)
    fail(run, `purchase ${purchaseId}: breakdown sums to ${sum}, not ${points}`);
  const purchase = model.credit({
    purchaseId,
    partnerId: key.partnerId,
    member,
    storeId: input.storeId,
    amountFen: input.amountFen,
    qualifyingFen: expected.qualifyingFen,
    occurredAtMs: input.occurredAtMs,
    points,
    eligibleFen: expected.eligibleFen,
    grants: expected.grants,
    exact: expected.exact,
  });
  run.purchaseIds.push(purchaseId);
  run.owners.set(purchaseId, key.partnerId);
  run.items.set(purchaseId, input.items ?? []);
  return purchase;
}

/** Refunds `amountFen` of a purchase (maybe naming items) on both sides; answers the points reversed. */
export async function refund(
  run: Run,
  purchase: ModelPurchase,
  amountFen: number,
  items: ModelItem[] | null = null,
): Promise<number | null> {
  const { model } = run;
  const refundId = nextId(run, 'rf');
  const answer = await run.real.refund(keyOf(run, purchase.partnerId), {
    refundId,
    purchaseId: purchase.purchaseId,
    amount: amountFen,
    occurredAt: iso(model.nowMs),
    ...(items ? { items: items.map(({ sku, quantity, amount }) => ({ sku, quantity, amount })) } : {}),
  });
  expectStatus(run, `refund ${refundId}`, answer.status, 201, answer.body);
  run.owners.set(refundId, purchase.partnerId);
  const reversed = answer.body.pointsReversed;
  const expected = model.proportionalReversal(purchase, amountFen);
  if (purchase.exact && !items && reversed !== expected) {
    fail(
      run,
      `refund ${refundId} of ${amountFen}/${purchase.amountFen} fen: model reverses ${expected} ≠ real ${reversed}`,
    );
  }
  const whole = purchase.refundedFen + amountFen === purchase.amountFen;
  if (whole && purchase.reversed + reversed !== purchase.points) {
    fail(
      run,
      `refunds of all of ${purchase.purchaseId} reversed ${purchase.reversed + reversed} of ${purchase.points} points`,
    );
  }
  if (reversed < 0 || purchase.reversed + reversed > purchase.points) {
    fail(run, `refund ${refundId} reversed ${reversed}: beyond what ${purchase.purchaseId} earned`);
  }
  model.refund(purchase, amountFen, reversed);
  return reversed;
}

const openPurchases = (run: Readonly<Run>) =>
  run.purchaseIds
    .map((id) => run.model.purchases.get(id)!)
    .filter((purchase) => purchase.refundedFen < purchase.amountFen);

/** A purchase at one of A's stores or B's (B also uses A's store id: a different store since 6.1). */
export class Purchase extends Step {
  constructor(
    readonly member: number,
    readonly partner: 'a' | 'b',
    readonly storeId: string,
    readonly amountFen: number,
    readonly hoursAgo: number,
    readonly items: readonly ItemSpec[] | null,
  ) {
    super();
  }
  describe() {
    const items = this.items
      ? `, items ${this.items.map((item) => `${item.kind}×${item.quantity}@${item.share}‰`).join('+')}`
      : '';
    return `Purchase(member ${this.member}, ${this.partner}/${this.storeId}, ${this.amountFen} fen, ${this.hoursAgo} h ago${items})`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length > 0;
  }
  async act(run: Run) {
    const member = run.model.members.get(pick(run.memberIds, this.member)!)!;
    await buy(run, {
      member,
      key: partnerOf(run, this.partner),
      storeId: this.storeId,
      amountFen: this.amountFen,
      items: this.items ? itemsOf(this.amountFen, this.items) : null,
      occurredAtMs: run.model.nowMs - this.hoursAgo * 3_600_000,
    });
  }
}

/** Refunds part of a purchase, or all that is left of it. */
export class Refund extends Step {
  constructor(
    readonly purchase: number,
    /** Per-mille of what is left; 1000 refunds the rest. */
    readonly share: number,
  ) {
    super();
  }
  describe() {
    return `Refund(purchase ${this.purchase}, ${this.share}‰ of what is left)`;
  }
  override check(run: Readonly<Run>) {
    return openPurchases(run).length > 0;
  }
  async act(run: Run) {
    const purchase = pick(openPurchases(run), this.purchase)!;
    const left = purchase.amountFen - purchase.refundedFen;
    await refund(run, purchase, Math.max(1, Math.min(left, Math.round((left * this.share) / 1000))));
  }
}

/** Refunds the items of a purchase one line at a time (6.1: by the stored breakdown). */
export class RefundItems extends Step {
  constructor(
    readonly purchase: number,
    readonly lines: number,
  ) {
    super();
  }
  describe() {
    return `RefundItems(purchase ${this.purchase}, ${this.lines} line(s))`;
  }
  override check(run: Readonly<Run>) {
    return openPurchases(run).some(
      (purchase) => purchase.refunds === 0 && (run.items.get(purchase.purchaseId)?.length ?? 0) > 0,
    );
  }
  async act(run: Run) {
    const candidates = openPurchases(run).filter(
      (purchase) => purchase.refunds === 0 && (run.items.get(purchase.purchaseId)?.length ?? 0) > 0,
    );
    const purchase = pick(candidates, this.purchase)!;
    const items = run.items.get(purchase.purchaseId)!.filter((item) => item.amount > 0);
    for (const item of items.slice(0, Math.max(1, this.lines))) {
      const reversed = await refund(run, purchase, item.amount, [item]);
      if (reversed === null) return;
    }
  }
}

/**
 * 6.1 as a metamorphic check on the real side alone: a purchase and its whole refund (in one to
 * three refunds) leave the member's balance, tier, spend and the day's cap headroom, the referrer
 * and the campaign budgets as they were.
 */
export class PurchaseThenRefund extends Step {
  constructor(
    readonly member: number,
    readonly partner: 'a' | 'b',
    readonly storeId: string,
    readonly amountFen: number,
    readonly parts: number,
  ) {
    super();
  }
  describe() {
    return `PurchaseThenRefund(member ${this.member}, ${this.partner}/${this.storeId}, ${this.amountFen} fen in ${this.parts} refund(s))`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length > 0;
  }
  async act(run: Run) {
    const { model, real } = run;
    const member = model.members.get(pick(run.memberIds, this.member)!)!;
    const state = async () => {
      const read = (await real.member(real.partners.a.key, member.memberId)).body;
      const referrer = member.referrerId
        ? (await real.member(real.partners.a.key, member.referrerId)).body
        : null;
      return {
        points: read.points.available + read.points.pending,
        tier: read.tier.code,
        qualifyingFen: read.qualifyingSpend.amount,
        headroom: await real.simulate(member.memberId, 'sX', 500_000),
        referrer: referrer ? referrer.points.available + referrer.points.pending : null,
        budgets: await Promise.all(
          model.campaigns.filter((c) => c.budgetPoints !== undefined).map((c) => real.budgetSpent(c)),
        ),
      };
    };
    const before = await state();
    const purchase = await buy(run, {
      member,
      key: partnerOf(run, this.partner),
      storeId: this.storeId,
      amountFen: this.amountFen,
      items: null,
      occurredAtMs: model.nowMs,
    });
    const parts = Math.max(1, Math.min(this.parts, this.amountFen));
    for (let i = 0; i < parts; i++) {
      const left = purchase.amountFen - purchase.refundedFen;
      await refund(run, purchase, i === parts - 1 ? left : Math.max(1, Math.floor(this.amountFen / parts)));
    }
    const after = await state();
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      fail(
        run,
        `a purchase and its whole refund changed the member: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`,
      );
    }
  }
}

/** 6.1: items that do not add up to the amount → 400, nothing changed. */
export class ItemsNotAddingUp extends Step {
  constructor(
    readonly member: number,
    readonly shortFen: number,
  ) {
    super();
  }
  describe() {
    return `ItemsNotAddingUp(member ${this.member}, ${this.shortFen} fen short)`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length > 0;
  }
  async act(run: Run) {
    const member = run.model.members.get(pick(run.memberIds, this.member)!)!;
    const purchaseId = nextId(run, 'p');
    const answer = await run.real.purchase(run.real.partners.a, {
      purchaseId,
      memberId: member.memberId,
      storeId: 'sA2',
      occurredAt: iso(run.model.nowMs),
      currency: 'CNY',
      amount: 50_000,
      items: [{ sku: 'BREAD', quantity: 1, amount: 50_000 - this.shortFen }],
    });
    expectStatus(
      run,
      `purchase ${purchaseId} with items ${this.shortFen} fen short`,
      answer.accepted.status,
      400,
      answer.accepted.body,
    );
  }
}
