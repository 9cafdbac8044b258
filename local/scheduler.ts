/**
 * The local stand-in for EventBridge Scheduler: fires each schedule's job at its cron times in the
 * schedule's time zone, reading the business clock, so moving the clock (PUT /_local/clock) past
 * one or more fire times fires the job once, for the latest of them.
 */
import { randomUUID } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import type { Clock } from '../shared/core/clock.js';
import type { ScheduleDescription } from '../shared/system.js';
import type { Invoker } from './lambda.js';

/**
 * EventBridge's six-field cron (`min hour day-of-month month day-of-week year`, `?` for "any")
 * as the five-field expression cron-parser reads. Day-of-week must be `?`, `*` or names (MON-SUN).
 */
export function toFiveFieldCron(eventBridgeCron: string): string {
  const fields = eventBridgeCron.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`Expected a six-field EventBridge cron: ${eventBridgeCron}`);
  return fields
    .slice(0, 5)
    .map((field) => (field === '?' ? '*' : field))
    .join(' ');
}

export function nextFireMs(schedule: ScheduleDescription, afterMs: number): number {
  return CronExpressionParser.parse(toFiveFieldCron(schedule.cron), {
    currentDate: new Date(afterMs),
    tz: schedule.timeZone,
  })
    .next()
    .getTime();
}

/** The latest fire time at or before `atMs`. */
export function latestFireMs(schedule: ScheduleDescription, atMs: number): number {
  return CronExpressionParser.parse(toFiveFieldCron(schedule.cron), {
    currentDate: new Date(atMs + 1),
    tz: schedule.timeZone,
  })
    .prev()
    .getTime();
}

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(options: {
  schedules: readonly ScheduleDescription[];
  clock: Clock;
  invoke: Invoker;
  tickMs?: number;
  onFire?: (schedule: ScheduleDescription, fireAtMs: number) => void;
  onError?: (schedule: ScheduleDescription, error: unknown) => void;
}): Scheduler {
  const state = options.schedules.map((schedule) => ({
    schedule,
    nextMs: nextFireMs(schedule, options.clock.nowMs()),
    running: null as Promise<void> | null,
  }));
  let lastNowMs = options.clock.nowMs();

  const tick = () => {
    const nowMs = options.clock.nowMs();
    for (const entry of state) {
      // The clock was moved back: plan from the new time.
      if (nowMs < lastNowMs) entry.nextMs = nextFireMs(entry.schedule, nowMs);
      if (entry.running || nowMs < entry.nextMs) continue;
      // When the clock jumped over several fire times, fire once, for the latest of them.
      const fireAtMs = Math.max(entry.nextMs, latestFireMs(entry.schedule, nowMs));
      entry.nextMs = nextFireMs(entry.schedule, Math.max(nowMs, fireAtMs));
      options.onFire?.(entry.schedule, fireAtMs);
      const event = {
        version: '0',
        id: randomUUID(),
        source: 'aws.scheduler',
        account: '000000000000',
        region: 'us-east-1',
        'detail-type': 'Scheduled Event',
        time: new Date(fireAtMs).toISOString(),
        resources: [`arn:aws:scheduler:us-east-1:000000000000:schedule/default/${entry.schedule.name}`],
        detail: {},
      };
      entry.running = options
        .invoke(entry.schedule.job, event)
        .then(() => undefined)
        .catch((error: unknown) => options.onError?.(entry.schedule, error))
        .finally(() => {
          entry.running = null;
        });
    }
    lastNowMs = nowMs;
  };

  const timer = setInterval(tick, options.tickMs ?? 1000);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.allSettled(state.map((entry) => entry.running));
    },
  };
}
