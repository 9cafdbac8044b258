import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancesOf, newAccount, qualifyingSpendFen } from '../../shared/domain/account.js';
import { adjustPoints, needsApproval } from '../../shared/domain/adjustments.js';
import { totalOf } from '../../shared/domain/lots.js';
import { openingAccount, spreadSpend } from '../../shared/domain/openingBalances.js';
import { referenceProgram } from '../../shared/domain/program.js';

const program = referenceProgram;
const at = (iso: string) => Date.parse(iso);
const now = at('2026-11-25T10:00:00+08:00');

describe('needsApproval', () => {
  it('asks for a second key above the threshold, either sign', () => {
    expect([5000, -5000, 5001, -5001, 1].map((points) => needsApproval(points, program))).toEqual([
      false,
      false,
      true,
      true,
      false,
    ]);
  });

  it.each([
    // [applied alone today by the key, this adjustment, waits]
    [0, 5000, false],
    [0, 5001, true],
    [3000, 2000, false],
    [3000, 2001, true],
    [3000, -2001, true],
    [5000, 1, true],
    [4999, -1, false],
  ])('with %i applied today, an adjustment of %i waits: %s', (appliedToday, points, waits) => {
    expect(needsApproval(points, program, appliedToday)).toBe(waits);
  });

  it('never lets one key apply more than the threshold alone in a day, however it splits it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: -20_000, max: 20_000 }).filter((points) => points !== 0),
          { maxLength: 40 },
        ),
        (adjustments) => {
          let applied = 0;
          for (const points of adjustments) {
            if (!needsApproval(points, program, applied)) applied += Math.abs(points);
          }
          expect(applied).toBeLessThanOrEqual(program.adjustments.approvalAbovePoints);
        },
      ),
    );
  });
});

describe('adjustPoints', () => {
  it('credits a lot expiring by the policy from the day it is applied', () => {
    const outcome = adjustPoints(newAccount('m', now), 3000, now, program);
    expect(outcome).toMatchObject({ ok: true, account: { lots: { '2028-01-01': 3000 }, version: 1 } });
  });

  it('repays debt before it makes a lot', () => {
    const inDebt = { ...newAccount('m', now), debt: 120 };
    const outcome = adjustPoints(inDebt, 100, now, program);
    expect(outcome).toMatchObject({ ok: true, account: { debt: 20, lots: {} } });
    const more = adjustPoints(inDebt, 500, now, program);
    expect(more).toMatchObject({ ok: true, account: { debt: 0, lots: { '2028-01-01': 380 } } });
  });

  it('debits the soonest-expiring points, never below zero, never expired ones', () => {
    const account = {
      ...newAccount('m', now),
      lots: { '2026-01-01': 900, '2027-01-01': 100, '2028-01-01': 50 },
    };
    expect(adjustPoints(account, -120, now, program)).toMatchObject({
      ok: true,
      account: { lots: { '2026-01-01': 900, '2028-01-01': 30 } },
    });
    expect(adjustPoints(account, -151, now, program)).toEqual({ ok: false, available: 150 });
    expect(adjustPoints({ ...account, debt: 10, lots: {} }, -1, now, program)).toMatchObject({ ok: false });
  });

  it('keeps available points at or above zero for any sequence of adjustments', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: -3000, max: 3000 }).filter((n) => n !== 0),
          { maxLength: 30 },
        ),
        (steps) => {
          let account = newAccount('m', now);
          let sum = 0;
          for (const points of steps) {
            const outcome = adjustPoints(account, points, now, program);
            if (!outcome.ok) continue;
            account = outcome.account;
            sum += points;
          }
          expect(balancesOf(account, now, program).available).toBe(sum);
          expect(sum).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('openingAccount', () => {
  const base = {
    memberId: 'm',
    enrolledAtMs: at('2024-03-01T00:00:00+08:00'),
    nowMs: now,
    tier: null,
    qualifyingSpendFen: 0,
    lastPurchaseAtMs: null,
    lots: [],
    bonus: null,
    program,
  };

  it('holds one lot per expiry date, adding up to the opening balances', () => {
    const account = openingAccount({
      ...base,
      lots: [
        { points: 1200, earnedAtMs: at('2025-03-01T00:00:00+08:00'), expiresOn: '2027-01-01' },
        { points: 300, earnedAtMs: at('2025-12-31T00:00:00+08:00'), expiresOn: '2027-01-01' },
        { points: 800, earnedAtMs: at('2026-02-01T00:00:00+08:00'), expiresOn: '2028-01-01' },
      ],
    });
    expect(account).toMatchObject({
      version: 0,
      lots: { '2027-01-01': 1500, '2028-01-01': 800 },
      debt: 0,
      tier: 'base',
      enrolledAt: '2024-02-29T16:00:00.000Z',
    });
    expect(totalOf(account.lots)).toBe(2300);
  });

  it('keeps the tier from the import and counts the spend over the trailing 12 months', () => {
    const account = openingAccount({
      ...base,
      tier: 'gold',
      qualifyingSpendFen: 1_200_005,
      lastPurchaseAtMs: now,
    });
    expect(account).toMatchObject({
      tier: 'gold',
      tierSince: new Date(now).toISOString(),
      lastPurchaseAtMs: now,
    });
    expect(qualifyingSpendFen(account, now, program)).toBe(1_200_005);
    // A month later the oldest twelfth has aged out.
    expect(qualifyingSpendFen(account, at('2026-12-25T10:00:00+08:00'), program)).toBe(1_200_005 - 100_000);
  });

  it('spreads spend over the 12 months up to the import, the remainder in the latest', () => {
    const spend = spreadSpend(1_000, now, program.timeZone);
    expect(Object.keys(spend)).toHaveLength(12);
    expect(spend['2025-12']).toBe(83);
    expect(spend['2026-11']).toBe(83 + 4);
    expect(spreadSpend(0, now, program.timeZone)).toEqual({});
  });
});
