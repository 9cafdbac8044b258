import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { purchasePoints } from '../../shared/domain/earning.js';
import { type Program, referenceProgram } from '../../shared/domain/program.js';

const at = (iso: string) => Date.parse(iso);
const november = at('2026-11-22T10:00:00+08:00');

describe('purchasePoints under the reference programme', () => {
  it.each([
    // [case, amountFen, tier, birthday, dayEligibleFenBefore, expected points]
    ['a base member, 256.80 CNY', 25_680, 'base', null, 0, 256 + 50],
    ['a base member, 199.99 CNY: no threshold bonus', 19_999, 'base', null, 0, 199],
    ['a base member, exactly 200 CNY: threshold bonus', 20_000, 'base', null, 0, 200 + 50],
    ['a base member, 0.99 CNY: no whole yuan', 99, 'base', null, 0, 0],
    ['a base member, 6,000 CNY: capped at 5,000', 600_000, 'base', null, 0, 5_000 + 50],
    ['a second 6,000 CNY purchase the same day earns nothing', 600_000, 'base', null, 500_000, 0],
    ['a purchase that only partly fits under the cap', 100_000, 'base', null, 450_000, 500 + 50],
    ['a silver member earns 1.2×', 10_000, 'silver', null, 0, 120],
    ['a silver member, 333 CNY: floor(399.6) + 50', 33_300, 'silver', null, 0, 399 + 50],
    ['a gold member earns 1.5×', 10_100, 'gold', null, 0, 151],
    ['a platinum member earns 2×', 10_000, 'platinum', null, 0, 200],
    ['a base member in the birthday month earns 2×', 10_000, 'base', '1990-11-03', 0, 200],
    ['a gold member in the birthday month earns 3×', 30_000, 'gold', '1985-11-30', 0, 900 + 50],
    ['outside the birthday month the birthday does not count', 10_000, 'base', '1990-05-03', 0, 100],
  ] as const)('%s', (_, amountFen, tierCode, birthday, dayEligibleFenBefore, expected) => {
    const result = purchasePoints({
      amountFen,
      occurredAtMs: november,
      tierCode,
      birthday,
      dayEligibleFenBefore,
      storeId: 'store-1',
      program: referenceProgram,
    });
    expect(result.points).toBe(expected);
  });

  it('reads the birthday month in the programme time zone', () => {
    // 2026-10-31T17:00Z is already 1 November in Shanghai.
    const result = purchasePoints({
      amountFen: 10_000,
      occurredAtMs: at('2026-10-31T17:00:00Z'),
      tierCode: 'base',
      birthday: '1990-11-15',
      dayEligibleFenBefore: 0,
      storeId: 's',
      program: referenceProgram,
    });
    expect(result.points).toBe(200);
  });

  it('applies a campaign multiplier only inside its window and stores', () => {
    const program: Program = {
      ...referenceProgram,
      earning: {
        ...referenceProgram.earning,
        campaigns: [
          {
            campaignId: 'double-11',
            fromMs: at('2026-11-11T00:00:00+08:00'),
            toMs: at('2026-11-12T00:00:00+08:00'),
            multiplierPermille: 3000,
            storeIds: ['flagship'],
          },
        ],
      },
    };
    const earn = (iso: string, storeId: string) =>
      purchasePoints({
        amountFen: 10_000,
        occurredAtMs: at(iso),
        tierCode: 'silver',
        dayEligibleFenBefore: 0,
        storeId,
        program,
      }).points;
    expect(earn('2026-11-11T12:00:00+08:00', 'flagship')).toBe(360);
    expect(earn('2026-11-11T12:00:00+08:00', 'corner')).toBe(120);
    expect(earn('2026-11-12T00:00:00+08:00', 'flagship')).toBe(120);
  });

  it('never earns a negative or fractional number, and never more than the cap allows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 600_000 }),
        fc.constantFrom('base', 'silver', 'gold', 'platinum'),
        (amountFen, before, tierCode) => {
          const result = purchasePoints({
            amountFen,
            occurredAtMs: november,
            tierCode,
            dayEligibleFenBefore: before,
            storeId: 's',
            program: referenceProgram,
          });
          expect(Number.isInteger(result.points)).toBe(true);
          expect(result.points).toBeGreaterThanOrEqual(0);
          expect(result.eligibleFen).toBeLessThanOrEqual(Math.max(0, 500_000 - before));
          expect(result.basePoints).toBeLessThanOrEqual(Math.floor(result.eligibleFen / 100) * 2);
        },
      ),
    );
  });
});
