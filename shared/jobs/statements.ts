/** Monthly: every member with an email gets the statement of the previous month. */
import { periodBounds, previousPeriod } from '../domain/statement.js';
import { prepareStatement } from '../features/notifications/statements.js';
import { type Job, pageSize } from './types.js';

export const statements: Job = {
  name: 'statements',
  schedule: { cron: '0 9 2 * ? *', description: "Prepares every member's statement for the previous month" },
  period: {
    of: (asOfMs, tz) => previousPeriod(asOfMs, tz),
    refused: (period, nowMs, tz) =>
      periodBounds(period, tz).endMs > nowMs
        ? `${period} has not ended; a statement is for a month that is over.`
        : undefined,
  },
  runKey: (asOfMs, tz, period) => period ?? previousPeriod(asOfMs, tz),
  async page(deps, _run, shard, cursor) {
    const page = await deps.jobs.membersWithEmail(shard, pageSize, cursor);
    return { keys: [...page.items], next: page.next };
  },
  async work(deps, run, memberId) {
    await prepareStatement(deps, memberId, run.period!, Date.parse(run.asOf));
  },
};
