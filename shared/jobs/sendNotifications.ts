/** Every minute outside quiet hours: the members' pending emails go from the outbox to the queue. */
import { inQuietHours } from '../domain/statement.js';
import { relayNotification } from '../features/notifications/emails.js';
import { type Job, pageSize } from './types.js';

export const sendNotifications: Job = {
  name: 'send-notifications',
  schedule: {
    cron: '* * * * ? *',
    description: 'Relays pending member emails outside quiet hours',
    everyMinute: true,
  },
  runKey: (asOfMs) => new Date(asOfMs).toISOString().slice(0, 16),
  async page(deps, run, shard, cursor) {
    // Nothing leaves in quiet hours: the notifications wait in the outbox until 08:00.
    const program = await deps.programs.at(Date.parse(run.asOf));
    if (inQuietHours(deps.clock.nowMs(), program.timeZone)) return { keys: [] };
    const page = await deps.jobs.pendingNotifications(shard, pageSize, cursor);
    return { keys: [...page.items], next: page.next };
  },
  async work(deps, _run, key) {
    const [memberId = '', notificationKey = ''] = key.split('/');
    await relayNotification(deps, memberId, notificationKey);
  },
};
