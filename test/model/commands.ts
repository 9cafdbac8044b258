/**
 * The command sequence: each command acts on the model and on the real system, compares what
 * each answered, and leaves the invariants to run.ts (checked after every step).
 */
import * as fc from 'fast-check';
import { type ModelPurchase, programDay } from './programmeModel.js';
import type { Key } from './realProgramme.js';
import { advanceTo, checkInvariants, fail, type Run } from './run.js';

type Json = Record<string, unknown>;
export type Command = fc.AsyncCommand<Run, Run>;

const pick = <T>(list: readonly T[], n: number): T | undefined =>
  list.length === 0 ? undefined : list[n % list.length];

const partnerOf = (run: Run, which: 'a' | 'b'): Key => run.real.partners[which];

function expectStatus(run: Run, what: string, status: number, expected: number, body: unknown): void {
  if (status !== expected) fail(run, `${what}: expected ${expected}, got ${status} ${JSON.stringify(body)}`);
}

let counter = 0;
const nextId = (run: Run, prefix: string) => `${prefix}-${run.id}-${++counter}`;

abstract class Step implements Command {
  abstract describe(): string;
  check(_run: Readonly<Run>): boolean {
    return true;
  }
  abstract act(run: Run): Promise<void>;
  async run(_model: Run, run: Run): Promise<void> {
    run.steps.push(this.describe());
    await this.act(run);
    await checkInvariants(run);
  }
  toString(): string {
    return this.describe();
  }
}

/** Enrols a member at partner A or B, maybe referred by an earlier member, maybe with a birthday. */
export class Enrol extends Step {
  constructor(
    readonly partner: 'a' | 'b',
    readonly referrer: number | null,
    readonly birthdayMonth: number | null,
  ) {
    super();
  }
  describe() {
    return `Enrol(${this.partner}, referrer ${this.referrer}, birthday month ${this.birthdayMonth})`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length < 6;
  }
  async act(run: Run) {
    const memberId = nextId(run, 'm');
    const referrerId = this.referrer === null ? null : (pick(run.memberIds, this.referrer) ?? null);
    const birthday =
      this.birthdayMonth === null ? null : `1990-${String(this.birthdayMonth).padStart(2, '0')}-15`;
    const key = partnerOf(run, this.partner);
    const answer = await run.real.enrol(key, {
      memberId,
      ...(referrerId ? { referrerId } : {}),
      ...(birthday ? { birthday } : {}),
    });
    expectStatus(run, `enrol ${memberId}`, answer.status, 201, answer.body);
    run.model.enrol(memberId, key.partnerId, referrerId, birthday);
    run.memberIds.push(memberId);
  }
}

export interface ItemSpec {
  readonly sku: string;
  readonly category?: string;
  readonly quantity: number;
  /** Share of the purchase amount in per-mille; the last item takes the rest. */
  readonly share: number;
}

/** A purchase at one of A's stores or B's (B also uses A's store id: a different store since 6.1). */
export class Purchase extends Step {
  constructor(
    readonly member: number,
    readonly partner: 'a' | 'b',
    readonly storeId: string,
    readonly amountFen: number,
    readonly hoursAgo: number,
  ) {
    super();
  }
  describe() {
    return `Purchase(member ${this.member}, ${this.partner}/${this.storeId}, ${this.amountFen} fen, ${this.hoursAgo} h ago)`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length > 0;
  }
  async act(run: Run) {
    const { model } = run;
    const member = model.members.get(pick(run.memberIds, this.member)!)!;
    const key = partnerOf(run, this.partner);
    const occurredAtMs = model.nowMs - this.hoursAgo * 3_600_000;
    const purchaseId = nextId(run, 'p');
    const body = {
      purchaseId,
      memberId: member.memberId,
      storeId: this.storeId,
      occurredAt: new Date(occurredAtMs).toISOString(),
      currency: 'CNY',
      amount: this.amountFen,
    };
    const expected = model.earn({
      member,
      partnerId: this.campaignPartner(run, key),
      storeId: this.storeId,
      amountFen: this.amountFen,
      itemised: false,
      perUnitBoundPoints: 0,
      occurredAtMs,
    });
    const { accepted, read } = await run.real.purchase(key, body);
    expectStatus(run, `purchase ${purchaseId}`, accepted.status, 202, accepted.body);
    if (read?.body.status !== 'credited')
      fail(run, `purchase ${purchaseId} not credited: ${JSON.stringify(read?.body)}`);
    const points = read.body.points;
    if (points > expected.upperBound) {
      fail(run, `purchase ${purchaseId} earned ${points}, beyond the bound ${expected.upperBound}`);
    }
    if (expected.exact && points !== expected.points) {
      fail(
        run,
        `purchase ${purchaseId}: model ${expected.points} points ≠ real ${points} (${JSON.stringify(read.body.breakdown)})`,
      );
    }
    const purchase = model.credit({
      purchaseId,
      partnerId: key.partnerId,
      member,
      storeId: this.storeId,
      amountFen: this.amountFen,
      qualifyingFen: this.amountFen,
      occurredAtMs,
      points,
      eligibleFen: expected.eligibleFen,
      campaignPoints: expected.campaignPoints,
      exact: expected.exact,
    });
    run.purchaseIds.push(purchase.purchaseId);
  }
  /** The partner whose store the campaign sees: the caller's own (6.1: stores belong to partners). */
  private campaignPartner(_run: Run, key: Key): string {
    return key.partnerId;
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
    return run.purchaseIds.some((id) => {
      const purchase = run.model.purchases.get(id)!;
      return purchase.refundedFen < purchase.amountFen;
    });
  }
  async act(run: Run) {
    const { model } = run;
    const open = run.purchaseIds
      .map((id) => model.purchases.get(id)!)
      .filter((purchase) => purchase.refundedFen < purchase.amountFen);
    const purchase = pick(open, this.purchase)!;
    const left = purchase.amountFen - purchase.refundedFen;
    const amount = Math.max(1, Math.min(left, Math.round((left * this.share) / 1000)));
    const key =
      purchase.partnerId === run.real.partners.a.partnerId ? run.real.partners.a : run.real.partners.b;
    const refundId = nextId(run, 'rf');
    const answer = await run.real.refund(key, {
      refundId,
      purchaseId: purchase.purchaseId,
      amount,
      occurredAt: new Date(model.nowMs).toISOString(),
    });
    expectStatus(run, `refund ${refundId}`, answer.status, 201, answer.body);
    const expected = model.proportionalReversal(purchase, amount);
    const reversed = answer.body.pointsReversed;
    if (purchase.exact && reversed !== expected) {
      fail(
        run,
        `refund ${refundId} of ${amount}/${purchase.amountFen} fen: model reverses ${expected} ≠ real ${reversed}`,
      );
    }
    if (
      purchase.refundedFen + amount === purchase.amountFen &&
      purchase.reversed + reversed !== purchase.points
    ) {
      fail(
        run,
        `refunds of all of ${purchase.purchaseId} reversed ${purchase.reversed + reversed} of ${purchase.points} points`,
      );
    }
    model.refund(purchase, amount, reversed);
  }
}

/** Moves the business clock on: minutes (holds), days (the return window), months (reviews). */
export class Advance extends Step {
  constructor(readonly minutes: number) {
    super();
  }
  describe() {
    return `Advance(${this.minutes} min)`;
  }
  async act(run: Run) {
    advanceTo(run, run.model.nowMs + this.minutes * 60_000);
  }
}

export const amountFen = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 30_000 }) },
  { weight: 3, arbitrary: fc.integer({ min: 10_000, max: 600_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 400_000, max: 6_000_000 }) },
);

export function commandArbitraries(): fc.Arbitrary<Command>[] {
  return [
    fc
      .tuple(
        fc.constantFrom<'a' | 'b'>('a', 'b'),
        fc.option(fc.nat(), { nil: null }),
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
      )
      .map(([partner, referrer, month]) => new Enrol(partner, referrer, month)),
    fc
      .tuple(
        fc.nat(),
        fc.constantFrom<'a' | 'b'>('a', 'b'),
        fc.constantFrom('sA1', 'sA2', 'sB1'),
        amountFen,
        fc.constantFrom(0, 0, 1, 30, 200),
      )
      .map(
        ([member, partner, store, amount, hoursAgo]) =>
          new Purchase(member, partner, store, amount, hoursAgo),
      ),
    fc
      .tuple(fc.nat(), fc.oneof(fc.constant(1000), fc.integer({ min: 1, max: 999 })))
      .map(([purchase, share]) => new Refund(purchase, share)),
    fc
      .oneof(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 60, max: 3 * 24 * 60 }),
        fc.integer({ min: 6 * 24 * 60, max: 40 * 24 * 60 }),
      )
      .map((minutes) => new Advance(minutes)),
  ];
}

export type { Json };
