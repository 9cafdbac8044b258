/**
 * Every job, one file each in this folder. A new job is its file and one line here: its route
 * (`POST /v1/admin/jobs/{job}`), its schedule and start function (the CDK stack and the local
 * scheduler read `schedules`) and its messages on the jobs queue all follow.
 */
import type { FunctionDescription, ScheduleDescription, ScheduleRetry } from '../core/manifest.js';
import { birthdayGifts } from './birthdayGifts.js';
import { expirePoints } from './expirePoints.js';
import { expiryReminders } from './expiryReminders.js';
import { releaseHolds } from './releaseHolds.js';
import { resendPurchases } from './resendPurchases.js';
import { segments, segmentsAssign } from './segments.js';
import { sendNotifications } from './sendNotifications.js';
import { statements } from './statements.js';
import { tierReview } from './tierReview.js';
import type { Job } from './types.js';

export const jobs: readonly Job[] = [
  expirePoints,
  tierReview,
  releaseHolds,
  expiryReminders,
  birthdayGifts,
  statements,
  segments,
  segmentsAssign,
  sendNotifications,
  resendPurchases,
];

const byName = new Map(jobs.map((job) => [job.name, job]));

/** The job of that name, or undefined. */
export const jobNamed = (name: string): Job | undefined => byName.get(name);

/** A minute-by-minute job: the next minute's start does the same work, so a late one is only noise. */
const everyMinuteRetry: ScheduleRetry = { maxRetries: 2, maxEventAgeSeconds: 300 };

const programmeTimeZone = 'Asia/Shanghai';

/** The one start function (functions/jobs/start.ts), told which job by its environment. */
const starter = (job: Job, description: string): FunctionDescription => ({
  entry: 'functions/jobs/start.ts',
  description,
  // A start creates the run and sends its scan messages; the jobs consumer does the rest.
  access: { table: { read: true, write: true }, sendsTo: ['jobs'] },
  startsJob: job.name,
  timeoutSeconds: 30,
  memoryMb: 256,
});

/** A schedule for each scheduled job, in the programme time zone. */
export const schedules: readonly ScheduleDescription[] = jobs.flatMap((job) =>
  job.schedule
    ? [
        {
          name: job.name,
          cron: job.schedule.cron,
          timeZone: programmeTimeZone,
          job: starter(job, job.schedule.description),
          ...(job.schedule.everyMinute ? { retry: everyMinuteRetry } : {}),
        },
      ]
    : [],
);
