/** Daily: members with points expiring within the programme's reminder days are told. */
import { addDays, programDay } from '../domain/calendar.js';
import { remindExpiringPoints } from '../features/notifications/statements.js';
import { type Job, pageSize } from './types.js';

export const expiryReminders: Job = {
  name: 'expiry-reminders',
  schedule: { cron: '0 9 * * ? *', description: 'Reminds members of points expiring within 30 days' },
  runKey: (asOfMs, tz) => programDay(asOfMs, tz),
  async page(deps, run, shard, cursor) {
    const asOfMs = Date.parse(run.asOf);
    const program = await deps.programs.at(asOfMs);
    const horizon = addDays(programDay(asOfMs, program.timeZone), program.reminders.daysBefore);
    const page = await deps.jobs.dueForExpiry(shard, horizon, pageSize, cursor);
    return { keys: [...page.items], next: page.next };
  },
  async work(deps, run, memberId) {
    await remindExpiringPoints(deps, memberId, Date.parse(run.asOf));
  },
};
