/**
 * Replays (CONTRACT §2): a write repeated with the same id and body answers the first result and
 * has no second effect (the invariants then find the model unchanged); with another body → 409.
 */
import { call, deliver, redeem } from '../../functions/harness.js';
import type { JournalEntry } from '../realProgramme.js';
import { fail, type Run } from '../run.js';
import { expectStatus, pick, Step } from './step.js';

const succeeded = (run: Readonly<Run>) =>
  run.real.journal.filter(
    (entry) => entry.answer.status < 300 && !run.erased.has(String(entry.body.memberId ?? '')),
  );

/** Changes one figure of a write, keeping its id. */
function altered(entry: JournalEntry): Record<string, unknown> {
  if (entry.kind === 'redemption') return { ...entry.body, storeId: `${String(entry.body.storeId)}-other` };
  // A write with items keeps them adding up to its amount (else 400 before any conflict): a second earlier.
  if (entry.body.items) {
    return {
      ...entry.body,
      occurredAt: new Date(Date.parse(String(entry.body.occurredAt)) - 1000).toISOString(),
    };
  }
  return { ...entry.body, amount: Number(entry.body.amount) + 1 };
}

export class Replay extends Step {
  constructor(
    readonly entry: number,
    readonly sameBody: boolean,
  ) {
    super();
  }
  describe() {
    return `Replay(write ${this.entry}, ${this.sameBody ? 'same body' : 'another body'})`;
  }
  override check(run: Readonly<Run>) {
    return succeeded(run).length > 0;
  }
  async act(run: Run) {
    const entry = pick(succeeded(run), this.entry)!;
    const body = this.sameBody ? entry.body : altered(entry);
    const answer =
      entry.kind === 'redemption'
        ? await redeem(entry.key.key, body as { memberId: string })
        : await call('POST', entry.path, { key: entry.key.key, body });
    const what = `replaying ${entry.kind} ${JSON.stringify(body).slice(0, 120)}`;
    if (!this.sameBody) {
      expectStatus(run, what, answer.status, 409, answer.body);
      if (answer.body.code !== 'idempotency_conflict') fail(run, `${what}: ${JSON.stringify(answer.body)}`);
      return;
    }
    expectStatus(run, what, answer.status, entry.answer.status, answer.body);
    const first = entry.answer.body;
    const same = (field: string) => JSON.stringify(answer.body[field]) === JSON.stringify(first[field]);
    const fields = {
      purchase: ['purchaseId'],
      refund: ['refundId', 'pointsReversed'],
      redemption: ['redemptionId', 'points'],
    };
    const differing = fields[entry.kind].filter((field) => !same(field));
    if (differing.length > 0) {
      fail(run, `${what}: answered ${JSON.stringify(answer.body)}, first ${JSON.stringify(first)}`);
    }
    if (entry.kind === 'purchase') {
      // The accrual message delivered again, as SQS may: no second credit.
      const delivered = await deliver(
        'accrual',
        [{ partnerId: entry.key.partnerId, purchaseId: entry.body.purchaseId }],
        2,
      );
      if (delivered.batchItemFailures.length > 0) fail(run, `${what}: the redelivered accrual failed`);
    }
  }
}
