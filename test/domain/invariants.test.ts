import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AccountState,
  creditBonus,
  endHold,
  newAccount,
  reverseReferral,
  spendPoints,
} from '../../shared/domain/account.js';
import {
  accountViolations,
  assertAccount,
  bookBalance,
  bookViolations,
  InvariantViolated,
} from '../../shared/domain/invariants.js';
import { NEVER } from '../../shared/domain/lots.js';
import { referenceProgram } from '../../shared/domain/program.js';

const nowMs = Date.parse('2026-11-22T10:00:00+08:00');
const at = { nowMs, timeZone: 'Asia/Shanghai' };
const base = newAccount('m-1', nowMs);
const with_ = (patch: Partial<AccountState>): AccountState => ({ ...base, ...patch });
const pendingLot = (points: number) => ({
  purchaseId: 'P-1',
  points,
  availableAtMs: nowMs + 1,
  expiresOn: NEVER,
});

describe('account invariants', () => {
  it.each<[string, AccountState, string | null]>([
    ['a new account holds', base, null],
    ['positive lots, no debt', with_({ lots: { '2027-12-31': 10, [NEVER]: 5 } }), null],
    ['debt with only expired lots', with_({ debt: 7, lots: { '2026-01-01': 3 } }), null],
    ['a zero lot', with_({ lots: { '2027-12-31': 0 } }), 'lot 2027-12-31 holds 0'],
    ['a negative lot', with_({ lots: { '2027-12-31': -4 } }), 'lot 2027-12-31 holds -4'],
    ['a fractional lot', with_({ lots: { '2027-12-31': 1.5 } }), 'not a positive integer'],
    ['a zero pending lot', with_({ pending: [pendingLot(0)] }), 'pending lot of P-1 holds 0'],
    ['negative debt', with_({ debt: -1 }), 'debt -1'],
    [
      'debt beside a lot that never expires',
      with_({ debt: 2, lots: { [NEVER]: 1 } }),
      'live lots 9999-12-31',
    ],
    ['debt beside a live dated lot', with_({ debt: 2, lots: { '2027-12-31': 1 } }), 'live lots 2027-12-31'],
    [
      'a hold that took more than it holds',
      with_({ holds: { R1: { points: 5, taken: { [NEVER]: 6 }, untilMs: nowMs } } }),
      'hold R1 of 5 points took 6',
    ],
    [
      'a hold of no points',
      with_({ holds: { R1: { points: 0, taken: {}, untilMs: nowMs } } }),
      'hold R1 of 0 points',
    ],
    ['a negative version', with_({ version: -1 }), 'version -1'],
    ['negative open purchases', with_({ openPurchases: -1 }), 'open purchases -1'],
    ['negative campaign points', with_({ campaignPoints: { c: -3 } }), 'campaign c points -3'],
  ])('%s', (_name, account, violation) => {
    const found = accountViolations(account, at);
    if (violation === null) expect(found).toEqual([]);
    else expect(found.join('; ')).toContain(violation);
  });

  it('without a time only a lot that never expires counts as live beside debt', () => {
    expect(accountViolations(with_({ debt: 2, lots: { '2027-12-31': 1 } }))).toEqual([]);
    expect(accountViolations(with_({ debt: 2, lots: { [NEVER]: 1 } }))).toHaveLength(1);
  });

  it('assertAccount throws InvariantViolated naming the member and the violations', () => {
    expect(() => assertAccount(with_({ lots: { [NEVER]: -1 } }))).toThrow(InvariantViolated);
    expect(() => assertAccount(with_({ lots: { [NEVER]: -1 } }))).toThrow(/m-1.*lot 9999-12-31 holds -1/);
    expect(() => assertAccount(base)).not.toThrow();
  });

  it.each<[string, Partial<AccountState>, number, boolean]>([
    ['lots + pending − debt', { lots: { [NEVER]: 10 }, pending: [pendingLot(4)] }, 14, true],
    ['debt counts against', { lots: { '2026-01-01': 3 }, debt: 5 }, -2, true],
    ['a difference is a violation', { lots: { [NEVER]: 10 } }, 9, false],
  ])('book balance equals the entries: %s', (_name, patch, sum, holds) => {
    expect(bookViolations(with_(patch), sum).length === 0).toBe(holds);
  });
});

type Step =
  | { readonly kind: 'bonus'; readonly points: number; readonly daysAgo: number }
  | { readonly kind: 'spend'; readonly points: number; readonly hold: boolean }
  | { readonly kind: 'reverse'; readonly points: number }
  | { readonly kind: 'endHold'; readonly outcome: 'capture' | 'void' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('bonus' as const),
    points: fc.integer({ min: 1, max: 500 }),
    daysAgo: fc.integer({ min: 0, max: 900 }),
  }),
  fc.record({
    kind: fc.constant('spend' as const),
    points: fc.integer({ min: 1, max: 400 }),
    hold: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('reverse' as const), points: fc.integer({ min: 1, max: 400 }) }),
  fc.record({
    kind: fc.constant('endHold' as const),
    outcome: fc.constantFrom('capture' as const, 'void' as const),
  }),
);

describe('the account operations keep the invariants', () => {
  it('any sequence of credits, spends, holds and reversals leaves an account that holds, its book the sum of its moves', () => {
    const program = referenceProgram;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let account = newAccount('m-p', nowMs);
        let entries = 0;
        let holds = 0;
        for (const next of steps) {
          if (next.kind === 'bonus') {
            account = creditBonus(account, next.points, nowMs - next.daysAgo * 86_400_000, program);
            entries += next.points;
          } else if (next.kind === 'spend') {
            holds += 1;
            const spent = spendPoints(
              account,
              next.points,
              nowMs,
              program,
              next.hold ? { redemptionId: `R${holds}`, untilMs: nowMs + 60_000 } : undefined,
            );
            if (spent.ok) {
              account = spent.account;
              entries -= next.points;
            }
          } else if (next.kind === 'reverse') {
            account = reverseReferral(account, next.points, nowMs, program);
            entries -= next.points;
          } else {
            const id = Object.keys(account.holds)[0];
            if (id === undefined) continue;
            const points = account.holds[id]!.points;
            account = endHold(account, id, next.outcome);
            if (next.outcome === 'void') entries += points;
          }
          expect(accountViolations(account, { nowMs, timeZone: program.timeZone })).toEqual([]);
          expect(bookBalance(account)).toBe(entries);
        }
      }),
    );
  });
});
