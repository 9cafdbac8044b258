import { describe, expect, it } from 'vitest';
import { nextFireMs, startScheduler, toFiveFieldCron } from '../../local/scheduler.js';
import type { ScheduleDescription } from '../../shared/system.js';

const job = {
  entry: 'functions/http/public.ts',
  description: 'test',
  access: { table: { read: true } },
  timeoutSeconds: 5,
  memoryMb: 128,
} as const;
const monthly: ScheduleDescription = {
  name: 'tier-review',
  cron: '0 2 1 * ? *',
  timeZone: 'Asia/Shanghai',
  job,
};

describe('the local scheduler', () => {
  it('reads EventBridge cron in the schedule time zone', () => {
    expect(toFiveFieldCron('0 2 1 * ? *')).toBe('0 2 1 * *');
    expect(new Date(nextFireMs(monthly, Date.parse('2026-11-22T10:00:00+08:00'))).toISOString()).toBe(
      '2026-11-30T18:00:00.000Z',
    );
  });

  it('fires once when the business clock is moved past the fire time, with that time in the event', async () => {
    let nowMs = Date.parse('2026-11-30T23:59:00+08:00');
    const fired: unknown[] = [];
    const scheduler = startScheduler({
      schedules: [monthly],
      clock: { nowMs: () => nowMs },
      tickMs: 5,
      invoke: async (_fn, event) => {
        fired.push(event);
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fired).toHaveLength(0);
    nowMs = Date.parse('2026-12-01T02:00:01+08:00');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await scheduler.stop();
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ source: 'aws.scheduler', time: '2026-11-30T18:00:00.000Z' });
  });

  it('fires once, for the latest fire time, when the clock jumps over several', async () => {
    let nowMs = Date.parse('2026-11-22T10:00:00+08:00');
    const fired: { time: string }[] = [];
    const scheduler = startScheduler({
      schedules: [monthly],
      clock: { nowMs: () => nowMs },
      tickMs: 5,
      invoke: async (_fn, event) => {
        fired.push(event as { time: string });
      },
    });
    nowMs = Date.parse('2027-03-15T00:00:00+08:00');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await scheduler.stop();
    expect(fired.map((event) => event.time)).toEqual(['2027-02-28T18:00:00.000Z']);
  });
});
