/** The desk: adjustments (the cumulative approval threshold of 6.1) and their approval by another key. */
import { call } from '../../functions/harness.js';
import { fail, type Run } from '../run.js';
import { expectStatus, nextId, pick, Step } from './step.js';

/** The desk key adjusts a member's points; above the day's threshold it waits for approval. */
export class Adjust extends Step {
  constructor(
    readonly member: number,
    readonly points: number,
  ) {
    super();
  }
  describe() {
    return `Adjust(member ${this.member}, ${this.points > 0 ? '+' : ''}${this.points})`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length > 0 && this.points !== 0;
  }
  async act(run: Run) {
    const { model, real } = run;
    const member = model.members.get(pick(run.memberIds, this.member)!)!;
    const adjustmentId = nextId(run, 'adj');
    const desk = real.partners.desk;
    const answer = await call<{ status?: string; code?: string }>(
      'POST',
      `/v1/members/${member.memberId}/adjustments`,
      {
        key: desk.key,
        body: { adjustmentId, points: this.points, reason: 'goodwill' },
      },
    );
    const needsApproval = model.adjustmentNeedsApproval(desk.keyId, member.memberId, this.points);
    if (needsApproval) {
      expectStatus(run, `adjustment ${adjustmentId}`, answer.status, 201, answer.body);
      if (answer.body.status !== 'pending_approval') {
        fail(
          run,
          `adjustment ${adjustmentId} of ${this.points} (day's sum above the threshold) was ${answer.body.status}`,
        );
      }
      model.pendingAdjustments.set(adjustmentId, { memberId: member.memberId, points: this.points });
      return;
    }
    const enough = this.points > 0 || model.available(member) >= -this.points;
    if (!enough) {
      expectStatus(run, `debit ${adjustmentId} beyond the balance`, answer.status, 422, answer.body);
      return;
    }
    expectStatus(run, `adjustment ${adjustmentId}`, answer.status, 201, answer.body);
    if (answer.body.status !== 'applied')
      fail(run, `adjustment ${adjustmentId} of ${this.points} was ${answer.body.status}`);
    model.adjust(member, this.points);
    model.countAdjustment(desk.keyId, member.memberId, this.points);
    run.owners.set(adjustmentId, desk.partnerId);
  }
}

/** The operator (another key) approves a pending adjustment. */
export class Approve extends Step {
  constructor(readonly adjustment: number) {
    super();
  }
  describe() {
    return `Approve(adjustment ${this.adjustment})`;
  }
  override check(run: Readonly<Run>) {
    return run.model.pendingAdjustments.size > 0;
  }
  async act(run: Run) {
    const { model } = run;
    const adjustmentId = pick([...model.pendingAdjustments.keys()], this.adjustment)!;
    const pending = model.pendingAdjustments.get(adjustmentId)!;
    const member = model.members.get(pending.memberId)!;
    const answer = await call<{ status?: string }>('POST', `/v1/adjustments/${adjustmentId}/approve`, {
      key: run.real.partners.operator.key,
    });
    model.pendingAdjustments.delete(adjustmentId);
    if (pending.points < 0 && model.available(member) < -pending.points) {
      expectStatus(
        run,
        `approving debit ${adjustmentId} beyond the balance`,
        answer.status,
        422,
        answer.body,
      );
      return;
    }
    expectStatus(run, `approve ${adjustmentId}`, answer.status, 200, answer.body);
    if (answer.body.status !== 'applied') fail(run, `approved ${adjustmentId} is ${answer.body.status}`);
    model.adjust(member, pending.points);
    run.owners.set(adjustmentId, run.real.partners.desk.partnerId);
  }
}
