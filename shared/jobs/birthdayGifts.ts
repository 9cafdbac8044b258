/** Daily: the birthday gifts of the birthdays coming up (the programme's days before). */
import { programDay } from '../domain/calendar.js';
import { giftDay } from '../domain/rules/birthday.js';
import { issueBirthdayGift } from '../features/lifecycle/birthdayGifts.js';
import { type Job, pageSize } from './types.js';

export const birthdayGifts: Job = {
  name: 'birthday-gifts',
  schedule: {
    // Daily after the quiet hours, so that the gift's email goes out at once.
    cron: '5 9 * * ? *',
    description: 'Issues the birthday gifts of birthdays coming up',
  },
  runKey: (asOfMs, tz) => programDay(asOfMs, tz),
  async page(deps, run, shard, cursor) {
    const asOfMs = Date.parse(run.asOf);
    const program = await deps.programs.at(asOfMs);
    if (!program.birthdayGift) return { keys: [] };
    const day = giftDay(asOfMs, program.birthdayGift.daysBefore, program.timeZone);
    const page = await deps.jobs.birthdaysBetween(shard, day.fromMonthDay, day.toMonthDay, pageSize, cursor);
    return { keys: [...page.items], next: page.next };
  },
  async work(deps, run, memberId) {
    await issueBirthdayGift(deps, memberId, Date.parse(run.asOf));
  },
};
