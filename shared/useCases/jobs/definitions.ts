/** What each job does: which index it pages through and the change it makes for each key. */
import { addDays, programDay, programMonth } from '../../domain/calendar.js';
import { giftDay } from '../../domain/rules/birthday.js';
import { inQuietHours, previousPeriod } from '../../domain/statement.js';
import { issueBirthdayGift } from '../birthdayGifts.js';
import { expireMemberPoints } from '../expirePoints.js';
import { relayNotification } from '../notifications.js';
import { resendAcceptedPurchase, resendAfterMs } from '../purchases.js';
import { getRedemption } from '../redemptions.js';
import { segmentsJobs } from '../segments.js';
import { prepareStatement, remindExpiringPoints } from '../statements.js';
import { reviewMemberTier } from '../tierReview.js';
import { type JobDefinition, JobName } from './jobTypes.js';

export const pageSize = 250;

/** Jobs whose runs are for a month (`period`), not a day. */
export const periodJobs: ReadonlySet<JobName> = new Set([JobName.tierReview, JobName.statements]);

export const definitions: Record<JobName, JobDefinition> = {
  ...segmentsJobs,
  [JobName.birthdayGifts]: {
    runKey: (asOfMs, tz) => programDay(asOfMs, tz),
    async page(deps, run, shard, cursor) {
      const asOfMs = Date.parse(run.asOf);
      const program = await deps.programs.at(asOfMs);
      if (!program.birthdayGift) return { keys: [] };
      const day = giftDay(asOfMs, program.birthdayGift.daysBefore, program.timeZone);
      const page = await deps.jobs.birthdaysBetween(
        shard,
        day.fromMonthDay,
        day.toMonthDay,
        pageSize,
        cursor,
      );
      return { keys: [...page.items], next: page.next };
    },
    async work(deps, run, memberId) {
      await issueBirthdayGift(deps, memberId, Date.parse(run.asOf));
    },
  },
  [JobName.expirePoints]: {
    runKey: (asOfMs, tz) => programDay(asOfMs, tz),
    async page(deps, run, shard, cursor) {
      const tz = (await deps.programs.at(Date.parse(run.asOf))).timeZone;
      const page = await deps.jobs.dueForExpiry(
        shard,
        programDay(Date.parse(run.asOf), tz),
        pageSize,
        cursor,
      );
      return { keys: [...page.items], next: page.next };
    },
    async work(deps, run, memberId) {
      await expireMemberPoints(deps, memberId, Date.parse(run.asOf));
    },
  },
  [JobName.tierReview]: {
    runKey: (asOfMs, tz, period) => period ?? programMonth(asOfMs, tz),
    async page(deps, _run, shard, cursor) {
      const page = await deps.jobs.aboveFirstTier(shard, pageSize, cursor);
      return { keys: [...page.items], next: page.next };
    },
    async work(deps, run, memberId) {
      await reviewMemberTier(deps, memberId, Date.parse(run.asOf), run.period ?? run.runId);
    },
  },
  [JobName.expiryReminders]: {
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
  },
  [JobName.statements]: {
    runKey: (asOfMs, tz, period) => period ?? previousPeriod(asOfMs, tz),
    async page(deps, _run, shard, cursor) {
      const page = await deps.jobs.membersWithEmail(shard, pageSize, cursor);
      return { keys: [...page.items], next: page.next };
    },
    async work(deps, run, memberId) {
      await prepareStatement(deps, memberId, run.period!, Date.parse(run.asOf));
    },
  },
  [JobName.sendNotifications]: {
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
  },
  [JobName.releaseHolds]: {
    runKey: (asOfMs) => new Date(asOfMs).toISOString().slice(0, 16),
    async page(deps, run, shard, cursor) {
      const page = await deps.jobs.expiredHolds(shard, run.asOf, pageSize, cursor);
      return { keys: page.items.map((hold) => `${hold.partnerId}/${hold.redemptionId}`), next: page.next };
    },
    async work(deps, _run, key) {
      const [partnerId = '', redemptionId = ''] = key.split('/');
      // Reading a hold past its time voids it (once; a second read finds it voided).
      await getRedemption(deps, { partnerId, keyId: 'job', scopes: [] }, redemptionId);
    },
  },
  [JobName.resendPurchases]: {
    runKey: (asOfMs) => new Date(asOfMs).toISOString().slice(0, 16),
    async page(deps, run, shard, cursor) {
      const before = new Date(Date.parse(run.asOf) - resendAfterMs).toISOString();
      const page = await deps.jobs.staleAcceptedPurchases(shard, before, pageSize, cursor);
      return { keys: [...page.items], next: page.next };
    },
    async work(deps, _run, key) {
      const [partnerId = '', purchaseId = ''] = key.split('/');
      await resendAcceptedPurchase(deps, partnerId, purchaseId);
    },
  },
};
