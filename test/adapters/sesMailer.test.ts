import type { SendRawEmailCommand } from '@aws-sdk/client-ses';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SendPacer } from '../../shared/adapters/ses/SendPacer.js';
import { SesMailer, senderShareOfSendRate } from '../../shared/adapters/ses/SesMailer.js';
import { queues } from '../../shared/system.js';

/** A clock that only moves when someone sleeps, so pacing is exact and the test never waits. */
function fakeTime() {
  let nowMs = 0;
  return {
    now: () => nowMs,
    sleep: async (ms: number) => {
      nowMs += ms;
    },
  };
}

describe('SendPacer', () => {
  it('serves callers that arrive together one interval apart', async () => {
    let nowMs = 0;
    const waits: number[] = [];
    const pacer = new SendPacer(
      4,
      () => nowMs,
      async (ms) => {
        waits.push(ms);
      },
    );
    await Promise.all(Array.from({ length: 5 }, () => pacer.acquire()));
    expect(waits).toEqual([250, 500, 750, 1000]);
    nowMs = 5_000;
    await pacer.acquire();
    expect(waits).toHaveLength(4);
  });

  it('never lets more than the rate through in any second (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.nat(3_000), { maxLength: 60 }),
        async (rate, gaps) => {
          const time = fakeTime();
          const pacer = new SendPacer(rate, time.now, time.sleep);
          const slots: number[] = [];
          for (const gap of gaps) {
            await time.sleep(gap);
            await pacer.acquire();
            slots.push(time.now());
          }
          for (let i = 1; i < slots.length; i++) {
            expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(1000 / rate - 1e-9);
          }
        },
      ),
    );
  });

  it('refuses a rate that is not above zero', () => {
    expect(() => new SendPacer(0)).toThrow(/above 0/);
  });
});

describe('SesMailer', () => {
  it('sends raw MIME through SES at its pace', async () => {
    let nowMs = 0;
    const sent: { atMs: number; input: SendRawEmailCommand['input'] }[] = [];
    const client = {
      send: async (command: SendRawEmailCommand) => {
        sent.push({ atMs: nowMs, input: command.input });
        return {};
      },
    } as never;
    const pacer = new SendPacer(
      2,
      () => nowMs,
      async (ms) => {
        nowMs += ms;
      },
    );
    const mailer = new SesMailer(client, pacer);
    for (const to of ['a@example.com', 'b@example.com', 'c@example.com']) {
      await mailer.sendRaw({ from: 'no-reply@shop.example', to, raw: 'Subject: hi\r\n\r\nhello' });
    }
    expect(sent.map((email) => email.atMs)).toEqual([0, 500, 1000]);
    expect(sent[0]!.input).toMatchObject({
      Source: 'no-reply@shop.example',
      Destinations: ['a@example.com'],
    });
    expect(Buffer.from(sent[0]!.input.RawMessage!.Data!).toString()).toContain('hello');
  });

  it('gives each concurrent sender its share of the account rate', () => {
    expect(senderShareOfSendRate(14)).toBe(14 / queues.emails.maxConcurrency);
    expect(senderShareOfSendRate(Number.NaN)).toBe(14 / queues.emails.maxConcurrency);
  });
});
