/** Stores as the programme names them (shared/domain/stores.ts): within their partner, and the migration. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Program, programSchema, referenceProgram } from '../../shared/domain/program.js';
import { earnPoints } from '../../shared/domain/rules/earnPoints.js';
import { versionAt } from '../../shared/domain/rules/rollout.js';
import { namesStore, storeRef } from '../../shared/domain/stores.js';

const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);

describe('namesStore', () => {
  it.each([
    [['pa/s1'], 'pa/s1', true],
    [['pa/s1'], 'pb/s1', false],
    [['pa/s1'], 'pa/s2', false],
    [['pa/s1', 'pb/s2'], 'pb/s2', true],
    // A version published before stores belonged to partners: a plain id names it at every partner.
    [['s1'], 'pa/s1', true],
    [['s1'], 'pb/s1', true],
    [['s1'], 'pa/s2', false],
    [['s1'], 's1', true],
  ])('%j names %s: %s', (refs, ref, expected) => {
    expect(namesStore(refs, ref)).toBe(expected);
  });

  it("never names another partner's store by a qualified reference", () => {
    fc.assert(
      fc.property(id, id, id, (a, b, store) => {
        fc.pre(a !== b);
        expect(namesStore([storeRef(a, store)], storeRef(b, store))).toBe(false);
        expect(namesStore([storeRef(a, store)], storeRef(a, store))).toBe(true);
      }),
    );
  });
});

describe('a programme that names stores', () => {
  const campaign = (storeIds: string[]) => ({
    campaignId: 'c',
    fromMs: 0,
    toMs: Date.parse('2030-01-01T00:00:00Z'),
    multiplierPermille: 1000,
    storeIds,
    bonusPoints: 50,
  });
  const earn = (program: Program, store: string) =>
    earnPoints({
      program,
      amountFen: 10_000,
      occurredAtMs: Date.parse('2026-11-24T02:00:00Z'),
      storeId: store,
      member: {
        tierCode: 'base',
        birthday: null,
        dayEligibleFenBefore: 0,
        firstPurchase: false,
        campaignPoints: {},
      },
    }).points;

  it('gives a campaign to the named partner store only; a stored plain id keeps its old meaning', () => {
    const qualified: Program = {
      ...referenceProgram,
      earning: { ...referenceProgram.earning, campaigns: [campaign(['pa/s1'])] },
    };
    expect([earn(qualified, 'pa/s1'), earn(qualified, 'pb/s1')]).toEqual([150, 100]);
    const legacy: Program = {
      ...referenceProgram,
      earning: { ...referenceProgram.earning, campaigns: [campaign(['s1'])] },
    };
    expect([earn(legacy, 'pa/s1'), earn(legacy, 'pb/s1'), earn(legacy, 'pa/s2')]).toEqual([150, 150, 100]);
  });

  it('picks a gray release for the named partner store, and a stored plain one at every partner', () => {
    const v1 = { ...referenceProgram, version: 1 };
    const v2 = { ...referenceProgram, version: 2, effectiveFromMs: 1, storeIds: ['pa/pilot'] };
    expect(versionAt([v1, v2], 10, 'pa/pilot').version).toBe(2);
    expect(versionAt([v1, v2], 10, 'pb/pilot').version).toBe(1);
    const legacy = { ...v2, storeIds: ['pilot'] };
    expect(versionAt([v1, legacy], 10, 'pb/pilot').version).toBe(2);
  });

  it('is refused on publish when it names a store by a plain id', () => {
    const body = (storeIds: string[]) => ({
      ...referenceProgram,
      earning: { ...referenceProgram.earning, campaigns: [campaign(storeIds)] },
    });
    expect(programSchema.safeParse(body(['pa/s1'])).success).toBe(true);
    for (const bad of [['s1'], ['pa/'], ['/s1'], ['pa/s1/x'], ['pa/s1', 'pa/s1']]) {
      expect(programSchema.safeParse(body(bad)).success, JSON.stringify(bad)).toBe(false);
    }
    expect(programSchema.safeParse({ ...referenceProgram, storeIds: ['pilot'] }).success).toBe(false);
    expect(programSchema.safeParse({ ...referenceProgram, storeIds: ['pa/pilot'] }).success).toBe(true);
  });
});
