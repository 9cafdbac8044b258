/** Points expiry: every member with points due by the run's day loses them. */
import { programDay } from '../domain/calendar.js';
import { expireMemberPoints } from '../features/lifecycle/expirePoints.js';
import { type Job, pageSize } from './types.js';

export const expirePoints: Job = {
  name: 'expire-points',
  schedule: {
    // Daily just after midnight: finds only members with points due (the reference policy's
    // dates are all 1 January; rolling policies expire on any day).
    cron: '1 0 * * ? *',
    description: 'Starts the points expiry run',
  },
  runKey: (asOfMs, tz) => programDay(asOfMs, tz),
  async page(deps, run, shard, cursor) {
    const tz = (await deps.programs.at(Date.parse(run.asOf))).timeZone;
    const page = await deps.jobs.dueForExpiry(shard, programDay(Date.parse(run.asOf), tz), pageSize, cursor);
    return { keys: [...page.items], next: page.next };
  },
  async work(deps, run, memberId) {
    await expireMemberPoints(deps, memberId, Date.parse(run.asOf));
  },
};
