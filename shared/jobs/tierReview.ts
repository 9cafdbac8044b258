/** The monthly tier review: every member above the first tier is reviewed for the run's month. */
import { programMonth } from '../domain/calendar.js';
import { reviewMemberTier } from '../features/lifecycle/tierReview.js';
import { type Job, pageSize } from './types.js';

export const tierReview: Job = {
  name: 'tier-review',
  schedule: { cron: '0 2 1 * ? *', description: 'Starts the monthly tier review' },
  period: {
    of: (asOfMs, tz) => programMonth(asOfMs, tz),
    refused: (period, nowMs, tz) =>
      period > programMonth(nowMs, tz)
        ? `${period} is a month to come; the review is for this month or one before.`
        : undefined,
  },
  runKey: (asOfMs, tz, period) => period ?? programMonth(asOfMs, tz),
  async page(deps, _run, shard, cursor) {
    const page = await deps.jobs.aboveFirstTier(shard, pageSize, cursor);
    return { keys: [...page.items], next: page.next };
  },
  async work(deps, run, memberId) {
    await reviewMemberTier(deps, memberId, Date.parse(run.asOf), run.period ?? run.runId);
  },
};
