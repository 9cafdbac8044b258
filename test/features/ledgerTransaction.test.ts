import { describe, expect, it } from 'vitest';
import { withDeadline } from '../../shared/core/deadline.js';
import { withOptimisticRetry } from '../../shared/features/ledger/transaction.js';
import { VersionConflict } from '../../shared/ports/LedgerStore.js';

describe('optimistic retries', () => {
  it('retry a conflicting account until the commit goes through', async () => {
    let tries = 0;
    const result = await withOptimisticRetry(async () => {
      if (++tries < 4) throw new VersionConflict('moved on');
      return 'done';
    });
    expect(result).toBe('done');
    expect(tries).toBe(4);
  });

  it('answer 429 rate_limited in time when the request runs out of time, rather than being cut off', async () => {
    const startedMs = Date.now();
    const attempt = async () => {
      throw new VersionConflict('always busy');
    };
    await expect(withDeadline(Date.now() + 2_500, () => withOptimisticRetry(attempt))).rejects.toMatchObject({
      code: 'rate_limited',
    });
    expect(Date.now() - startedMs).toBeLessThan(2_500);
  });

  it('keep room for an attempt as slow as the slowest so far, so a slow table still answers 429 in time', async () => {
    let tries = 0;
    const slowAttempt = async () => {
      tries++;
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      throw new VersionConflict('busy, and slow');
    };
    // After the first 2.5 s attempt, 2.6 s are left: a second attempt would end at the deadline.
    await expect(
      withDeadline(Date.now() + 5_100, () => withOptimisticRetry(slowAttempt)),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    expect(tries).toBe(1);
  });

  it('never retry a domain error', async () => {
    let tries = 0;
    await expect(
      withOptimisticRetry(async () => {
        tries++;
        throw new Error('insufficient points');
      }),
    ).rejects.toThrow('insufficient points');
    expect(tries).toBe(1);
  });
});
