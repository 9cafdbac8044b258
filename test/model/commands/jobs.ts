/** Jobs and reports: the monthly tier review, expiry, the aggregator and the settlement it feeds. */
import { call } from '../../functions/harness.js';
import { programDay, programMonth } from '../programmeModel.js';
import { checkLedger, fail, type Run } from '../run.js';
import { iso, Step } from './step.js';

/** The monthly tier review (at most once a month: a second run of the month has no effect). */
export class ReviewTiers extends Step {
  describe() {
    return 'ReviewTiers()';
  }
  async act(run: Run) {
    const month = programMonth(run.model.nowMs);
    await run.jobs.run('tier-review', { asOf: iso(run.model.nowMs) });
    if (run.reviewedMonths.has(month)) return;
    run.reviewedMonths.add(month);
    run.model.reviewTiers();
  }
}

/** The daily expiry job: what has expired is written as `expire` entries (balances already left it out). */
export class Expire extends Step {
  describe() {
    return 'Expire()';
  }
  async act(run: Run) {
    const day = programDay(run.model.nowMs);
    await run.jobs.run('expire-points', { asOf: iso(run.model.nowMs) });
    if (run.expiredDays.has(day)) return;
    run.expiredDays.add(day);
    for (const member of run.model.members.values()) member.expiredUnrecorded = 0;
  }
}

interface Line {
  readonly net: { readonly amount: number };
}

/** The aggregator catches up; the month's settlement nets, partners and clearing lines, sum to zero (6.1). */
export class Aggregate extends Step {
  describe() {
    return 'Aggregate()';
  }
  async act(run: Run) {
    await run.jobs.aggregate();
    const period = programMonth(run.model.nowMs);
    const report = await call<{ partners: Line[]; clearing: Line[] | Record<string, unknown> }>(
      'GET',
      '/v1/reports/settlement',
      {
        key: run.real.partners.operator.key,
        query: { period },
      },
    );
    if (report.status !== 200)
      fail(run, `settlement ${period}: ${report.status} ${JSON.stringify(report.body)}`);
    const clearing = report.body.clearing;
    if (!Array.isArray(clearing)) {
      fail(run, `settlement ${period} has no clearing lines: ${JSON.stringify(clearing)}`);
    } else {
      const sum = [...report.body.partners, ...clearing].reduce((total, line) => total + line.net.amount, 0);
      if (sum !== 0)
        fail(run, `settlement ${period}: the nets sum to ${sum}, not 0 (${JSON.stringify(report.body)})`);
    }
    await checkLedger(run);
  }
}
