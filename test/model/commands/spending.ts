/** Spending: rewards with stock, payments with points (with holds), capture, void, reverse. */
import { call, redeem } from '../../functions/harness.js';
import { fail, type Run } from '../run.js';
import { expectStatus, keyOf, nextId, partnerOf, pick, Step } from './step.js';

type Outcome = 'completed' | 'held' | 'insufficient_points' | 'reward_out_of_stock';

async function spend(
  run: Run,
  input: { member: number; partner: 'a' | 'b'; rewardId: string | null; points: number; hold: boolean },
) {
  const { model } = run;
  const member = model.members.get(pick(run.memberIds, input.member)!)!;
  const key = partnerOf(run, input.partner);
  const redemptionId = nextId(run, 'rd');
  const reward = input.rewardId ? model.rewards.get(input.rewardId)! : null;
  const points = reward ? reward.pointsCost : input.points;
  const outOfStock = reward !== null && reward.stock !== null && reward.stock <= 0;
  const short = model.available(member) < points;
  const body = {
    redemptionId,
    memberId: member.memberId,
    storeId: input.partner === 'a' ? 'sA1' : 'sB1',
    ...(input.rewardId
      ? { rewardId: input.rewardId }
      : { payment: { points }, ...(input.hold ? { hold: true } : {}) }),
  };
  const answer = await redeem<{ status?: string; code?: string; points?: number }>(key.key, body);
  run.real.journal.push({ kind: 'redemption', key, path: '/v1/redemptions', body, answer });
  const got: Outcome | string =
    answer.status === 201 ? String(answer.body.status) : String(answer.body.code ?? answer.status);
  const acceptable: string[] = [];
  if (outOfStock) acceptable.push('reward_out_of_stock');
  if (short) acceptable.push('insufficient_points');
  if (acceptable.length === 0) acceptable.push(input.hold ? 'held' : 'completed');
  if (!acceptable.includes(got)) {
    fail(
      run,
      `redemption ${redemptionId} of ${points} points: expected ${acceptable.join(' or ')}, got ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  }
  if (got !== 'completed' && got !== 'held') return;
  const outcome = model.redeem({
    redemptionId,
    partnerId: key.partnerId,
    member,
    rewardId: input.rewardId,
    points,
    hold: input.hold,
  });
  if (outcome !== got) fail(run, `redemption ${redemptionId}: model ${outcome} ≠ real ${got}`);
  run.redemptionIds.push(redemptionId);
  run.owners.set(redemptionId, key.partnerId);
}

/** A reward at the till with the member's code: coffee (300, stock 2) or a voucher (1,000, unlimited). */
export class Redeem extends Step {
  constructor(
    readonly member: number,
    readonly partner: 'a' | 'b',
    readonly reward: 'coffee' | 'coupon',
  ) {
    super();
  }
  describe() {
    return `Redeem(member ${this.member}, at ${this.partner}, ${this.reward})`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length > 0;
  }
  act(run: Run) {
    return spend(run, {
      member: this.member,
      partner: this.partner,
      rewardId: run.rewards[this.reward],
      points: 0,
      hold: false,
    });
  }
}

/** Pays part of an order with points, maybe as a hold. */
export class Pay extends Step {
  constructor(
    readonly member: number,
    readonly partner: 'a' | 'b',
    readonly points: number,
    readonly hold: boolean,
  ) {
    super();
  }
  describe() {
    return `Pay(member ${this.member}, at ${this.partner}, ${this.points} points${this.hold ? ', hold' : ''})`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length > 0;
  }
  act(run: Run) {
    return spend(run, {
      member: this.member,
      partner: this.partner,
      rewardId: null,
      points: this.points,
      hold: this.hold,
    });
  }
}

/** Captures or voids a hold; after its time it has voided itself (capture → 409 invalid_state). */
export class EndHold extends Step {
  constructor(
    readonly redemption: number,
    readonly action: 'capture' | 'void',
  ) {
    super();
  }
  describe() {
    return `EndHold(redemption ${this.redemption}, ${this.action})`;
  }
  private held(run: Readonly<Run>) {
    return run.redemptionIds.filter((id) => {
      const redemption = run.model.redemptions.get(id)!;
      return redemption.rewardId === null && (redemption.status === 'held' || redemption.status === 'voided');
    });
  }
  override check(run: Readonly<Run>) {
    return this.held(run).length > 0;
  }
  async act(run: Run) {
    const { model } = run;
    const redemption = model.redemptions.get(pick(this.held(run), this.redemption)!)!;
    const member = model.members.get(redemption.memberId)!;
    model.settle(member);
    const answer = await call<{ status?: string; code?: string }>(
      'POST',
      `/v1/redemptions/${redemption.redemptionId}/${this.action}`,
      { key: keyOf(run, redemption.partnerId).key },
    );
    const wasVoided = redemption.status === 'voided';
    if (this.action === 'capture' && wasVoided) {
      expectStatus(run, `capturing voided ${redemption.redemptionId}`, answer.status, 409, answer.body);
      return;
    }
    expectStatus(run, `${this.action} ${redemption.redemptionId}`, answer.status, 200, answer.body);
    const expected = this.action === 'capture' ? 'completed' : 'voided';
    if (answer.body.status !== expected)
      fail(run, `${this.action} ${redemption.redemptionId} answered ${answer.body.status}`);
    if (!wasVoided) model.endHold(member, redemption.redemptionId, expected);
  }
}

/** Reverses a completed redemption: points back with their dates, and a reward's stock back (6.1). */
export class Reverse extends Step {
  constructor(readonly redemption: number) {
    super();
  }
  describe() {
    return `Reverse(redemption ${this.redemption})`;
  }
  private completed(run: Readonly<Run>) {
    return run.redemptionIds.filter((id) => run.model.redemptions.get(id)!.status === 'completed');
  }
  override check(run: Readonly<Run>) {
    return this.completed(run).length > 0;
  }
  async act(run: Run) {
    const redemption = run.model.redemptions.get(pick(this.completed(run), this.redemption)!)!;
    const answer = await call<{ status?: string }>(
      'POST',
      `/v1/redemptions/${redemption.redemptionId}/reverse`,
      {
        key: keyOf(run, redemption.partnerId).key,
      },
    );
    expectStatus(run, `reverse ${redemption.redemptionId}`, answer.status, 200, answer.body);
    if (answer.body.status !== 'reversed')
      fail(run, `reverse ${redemption.redemptionId} answered ${answer.body.status}`);
    run.model.reverse(redemption);
  }
}

/**
 * Several payments for one member at once (the till retries nothing): however they interleave,
 * available points never go below zero and exactly the answered ones are spent. With equal
 * amounts the lots they take are the same in any order, so the model applies the successes.
 */
export class ConcurrentPay extends Step {
  constructor(
    readonly member: number,
    readonly count: number,
    readonly points: number,
  ) {
    super();
  }
  describe() {
    return `ConcurrentPay(member ${this.member}, ${this.count} × ${this.points} points)`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length > 0;
  }
  async act(run: Run) {
    const { model } = run;
    const member = model.members.get(pick(run.memberIds, this.member)!)!;
    const key = partnerOf(run, 'a');
    const affordable = Math.max(0, Math.floor(model.available(member) / this.points));
    const ids = Array.from({ length: this.count }, () => nextId(run, 'rd'));
    const answers = await Promise.all(
      ids.map((redemptionId) =>
        redeem<{ status?: string; code?: string }>(key.key, {
          redemptionId,
          memberId: member.memberId,
          storeId: 'sA1',
          payment: { points: this.points },
        }),
      ),
    );
    const unexpected = answers.filter(
      (answer) =>
        answer.status !== 201 &&
        answer.body.code !== 'insufficient_points' &&
        answer.status !== 429 &&
        answer.status !== 503,
    );
    if (unexpected.length > 0)
      fail(run, `concurrent payments answered ${JSON.stringify(unexpected.map((a) => a.body))}`);
    const succeeded = answers.flatMap((answer, i) => (answer.status === 201 ? [ids[i]!] : []));
    const busy = answers.some((answer) => answer.status === 429 || answer.status === 503);
    if (succeeded.length > affordable)
      fail(
        run,
        `${succeeded.length} concurrent payments of ${this.points} succeeded; ${affordable} were affordable`,
      );
    if (!busy && succeeded.length !== Math.min(this.count, affordable)) {
      fail(
        run,
        `${succeeded.length} of ${this.count} concurrent payments of ${this.points} succeeded; ${Math.min(this.count, affordable)} should have`,
      );
    }
    for (const redemptionId of succeeded) {
      model.redeem({
        redemptionId,
        partnerId: key.partnerId,
        member,
        rewardId: null,
        points: this.points,
        hold: false,
      });
      run.redemptionIds.push(redemptionId);
      run.owners.set(redemptionId, key.partnerId);
    }
  }
}
