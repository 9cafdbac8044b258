import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodText, scopeText, storedItemOf } from '../../shared/adapters/dynamodb/keys.js';
import {
  accountFact,
  DayField,
  dayPeriod,
  emptyStats,
  entryDayAdds,
  entryFact,
  factsOf,
  foldMember,
  mergeAdds,
  planFold,
  programmeScope,
  type StreamChange,
} from '../../shared/domain/aggregates.js';
import { bucketOf, histogramOf, Segment, scoreOf, segmentOf } from '../../shared/domain/segments.js';
import { settlementOf } from '../../shared/domain/settlement.js';

const tz = 'Asia/Shanghai';
const types = [
  'earn',
  'bonus',
  'activity',
  'redeem',
  'hold',
  'release',
  'reversal',
  'expire',
  'adjust',
] as const;

const entry = (type: (typeof types)[number], points: number, extra: Record<string, unknown> = {}) => ({
  memberId: 'm-1',
  transactionId: `t-${type}`,
  entryType: type,
  points,
  createdAt: '2032-01-04T17:30:00.000Z', // 01:30 on 5 January in Shanghai
  reference: type === 'reversal' ? 'refund:r-1' : `x:${type}`,
  ...extra,
});

describe('the daily counters of a ledger entry', () => {
  it('keep net = issued − redeemed − expired − reversed + adjusted for any entries', () => {
    const signed = fc.record({
      type: fc.constantFrom(...types),
      points: fc.integer({ min: -5_000, max: 5_000 }),
      redemption: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(signed, { maxLength: 30 }), (list) => {
        const sum =
          mergeAdds(
            list.map(({ type, points, redemption }) => ({
              key: { scope: programmeScope, period: dayPeriod('x') },
              add: entryDayAdds(entry(type, points, redemption ? { reference: 'redemption:x-1' } : {})),
            })),
          )[0]?.add ?? {};
        const field = (name: string) => sum[name] ?? 0;
        expect(field(DayField.net)).toBe(
          field(DayField.issued) -
            field(DayField.redeemed) -
            field(DayField.expired) -
            field(DayField.reversed) +
            field(DayField.adjusted),
        );
        expect(field(DayField.net)).toBe(list.reduce((total, item) => total + item.points, 0));
      }),
    );
  });

  it('counts an entry on its programme day, for the programme, its partner, its month and its store', () => {
    const fact = entryFact(
      storedItemOf({ pk: 'MEMBER#m-1', sk: 'TX#2032-01-04T17:30:00.000Z#earn-1' }),
      entry('earn', 306, { partnerId: 'pa', storeId: 's-1', amountFen: 25_680 }),
      tz,
    );
    expect(fact.adds.map((add) => `${scopeText(add.key.scope)} ${periodText(add.key.period)}`)).toEqual([
      'P D#2032-01-05',
      'T TOTALS',
      'PA#pa D#2032-01-05',
      'PM#2032-01 PA#pa',
      'ST#pa/s-1 D#2032-01-05',
    ]);
    expect(fact.adds[0]!.add).toEqual({ net: 306, purchases: 1, spendFen: 25_680, earned: 306, issued: 306 });
    expect(fact.member).toEqual([
      { kind: 'moved', day: '2032-01-05' },
      { kind: 'purchase', day: '2032-01-05', amountFen: 25_680 },
    ]);
  });

  it('counts an entry without a partner under the programme only', () => {
    const fact = entryFact(storedItemOf({ pk: 'MEMBER#m-1', sk: 'TX#a' }), entry('expire', -100), tz);
    expect(fact.adds.map((add) => scopeText(add.key.scope))).toEqual(['P', 'T']);
    expect(fact.member).toEqual([]);
  });

  it('ignores what is neither a new entry nor an account', () => {
    const change = (sk: string, eventName: StreamChange['eventName']): StreamChange => ({
      eventId: 'e',
      eventName,
      item: storedItemOf({ pk: 'MEMBER#m-1', sk }),
      newImage: entry('earn', 1),
    });
    expect(factsOf(change('PROFILE', 'MODIFY'), tz)).toEqual([]);
    expect(factsOf(change('TX#a', 'MODIFY'), tz)).toEqual([]);
    expect(factsOf(change('METRICS', 'INSERT'), tz)).toEqual([]);
    expect(factsOf(change('TX#a', 'INSERT'), tz)).toHaveLength(1);
  });
});

describe('the totals of account changes', () => {
  const account = (lots: Record<string, number>, extra: Record<string, unknown> = {}) => ({
    memberId: 'm-1',
    status: 'active',
    tier: 'base',
    enrolledAt: '2032-01-05T02:00:00.000Z',
    lots,
    debt: 0,
    pending: [],
    ...extra,
  });

  it('add up, over any sequence of changes, to the figures of the last image', () => {
    const image = fc.record({
      lots: fc.dictionary(
        fc.constantFrom('2033-01-01', '2033-06-01', '2034-01-01', '9999-12-31'),
        fc.nat(500),
      ),
      debt: fc.nat(50),
      tier: fc.constantFrom('base', 'silver', 'gold'),
      status: fc.constantFrom('active', 'erased'),
    });
    fc.assert(
      fc.property(fc.array(image, { minLength: 1, maxLength: 8 }), (images) => {
        const accounts = images.map((next) => account(next.lots, next));
        const changes = accounts.map(
          (next, i): StreamChange => ({
            eventId: `e${i}`,
            eventName: i === 0 ? 'INSERT' : 'MODIFY',
            item: storedItemOf({ pk: 'MEMBER#m-1', sk: 'ACCOUNT' }),
            ...(i > 0 ? { oldImage: accounts[i - 1] } : {}),
            newImage: next,
          }),
        );
        const totals =
          mergeAdds(
            changes
              .flatMap((change) => accountFact(change, tz).adds)
              .filter((add) => scopeText(add.key.scope) === 'T'),
          )[0]?.add ?? {};
        const last = images.at(-1)!;
        const expiring = (month: string) =>
          Object.entries(last.lots)
            .filter(
              ([date, points]) =>
                (date === '9999-12-31' ? 'never' : date.slice(0, 7)) === month && points > 0,
            )
            .reduce((sum, [, points]) => sum + points, 0);
        expect(totals.members).toBe(1);
        expect(totals.debt ?? 0).toBe(last.debt);
        expect(totals[`tier:${last.tier}`] ?? 0).toBe(last.status === 'active' ? 1 : 0);
        for (const month of ['2033-01', '2033-06', '2034-01', 'never']) {
          expect(totals[`exp:${month}`] ?? 0).toBe(expiring(month));
        }
      }),
    );
  });

  it('counts a new member on the enrolment day, for the enrolling partner too', () => {
    const fact = accountFact(
      {
        eventId: 'e1',
        eventName: 'INSERT',
        item: storedItemOf({ pk: 'MEMBER#m-1', sk: 'ACCOUNT' }),
        newImage: account({ '2034-01-01': 100 }, { enrolledBy: { partnerId: 'pa' } }),
      },
      tz,
    );
    expect(
      fact.adds.map((add) => [
        scopeText(add.key.scope),
        periodText(add.key.period),
        add.add.newMembers ?? add.add.members,
      ]),
    ).toEqual([
      ['T', 'TOTALS', 1],
      ['P', 'D#2032-01-05', 1],
      ['PA#pa', 'D#2032-01-05', 1],
      ['PM#2032-01', 'PA#pa', 1],
    ]);
    expect(fact.id).toBe('acct|e1');
  });
});

describe("a member's own figures", () => {
  it('moves the member from the day of their last movement to the new one, once', () => {
    const first = foldMember(emptyStats('m-1'), [{ kind: 'moved', day: '2032-01-05' }]);
    const second = foldMember(first.next, [
      { kind: 'moved', day: '2032-01-07' },
      { kind: 'moved', day: '2032-01-06' },
    ]);
    expect(mergeAdds(second.adds).map((add) => [periodText(add.key.period), add.add.lastActive])).toEqual([
      ['D#2032-01-05', -1],
      ['D#2032-01-07', 1],
    ]);
    expect(second.next).toMatchObject({ lastActiveOn: '2032-01-07', version: 2 });
  });

  it('counts a month’s buyers, returning buyers, repeat buyers and repurchasers once each', () => {
    let stats = emptyStats('m-1');
    const adds = [];
    for (const day of ['2031-12-20', '2032-01-05', '2032-01-09', '2032-01-20']) {
      const folded = foldMember(stats, [{ kind: 'purchase', day, amountFen: 1_000 }]);
      stats = folded.next;
      adds.push(...folded.adds);
    }
    const january = mergeAdds(adds).find((add) => periodText(add.key.period) === 'M#2032-01')!.add;
    expect(january).toEqual({ buyers: 1, returning: 1, repurchasers: 1, repeat: 1 });
    expect(stats).toMatchObject({ purchases: 4, spendFen: 4_000, firstPurchaseOn: '2031-12-20' });
  });

  it('plans nothing for a member whose figures do not change', () => {
    const plan = planFold(
      [entryFact(storedItemOf({ pk: 'MEMBER#m-1', sk: 'TX#a' }), entry('expire', -5), tz)],
      new Map(),
    );
    expect(plan.members).toEqual([]);
    expect(plan.factIds).toEqual(['MEMBER#m-1|TX#a']);
  });
});

describe('segments', () => {
  it('scores by quintile, equal values equally, and recency the other way round', () => {
    const values = Array.from({ length: 100 }, (_, i) => ({
      recencyDays: i,
      frequency: i < 50 ? 1 : i,
      monetaryFen: i * 1_000,
    }));
    const histogram = histogramOf(values);
    expect(scoreOf(histogram, 'r', 0)).toBe(5);
    expect(scoreOf(histogram, 'r', 99)).toBe(1);
    expect(scoreOf(histogram, 'm', 99_000)).toBe(5);
    expect(scoreOf(histogram, 'f', 1)).toBe(2); // the half that bought once sits in the middle of its tie
    expect(bucketOf.m(0)).toBe(0);
  });

  it('names members by their scores, and those who never bought by their enrolment', () => {
    const values = Array.from({ length: 100 }, (_, i) => ({
      recencyDays: i * 3,
      frequency: 1 + (i % 10),
      monetaryFen: (i % 10) * 50_000,
    }));
    const histogram = histogramOf(values);
    const stats = (lastPurchaseOn: string, n: number, fen: number, purchases = n) => ({
      ...emptyStats('m'),
      lastPurchaseOn,
      firstPurchaseOn: '2031-01-01',
      purchases,
      months: { '2032-01': { n, fen } },
    });
    expect(segmentOf(stats('2032-01-30', 10, 500_000), '2032-02-01', histogram)).toBe(Segment.champions);
    expect(segmentOf(stats('2032-01-30', 1, 100, 1), '2032-02-01', histogram)).toBe(Segment.new);
    expect(segmentOf(stats('2032-01-02', 10, 500_000), '2032-09-01', histogram)).toBe(Segment.atRisk);
    expect(segmentOf(stats('2032-01-02', 1, 100, 3), '2032-09-01', histogram)).toBe(Segment.hibernating);
    expect(segmentOf({ ...emptyStats('m'), enrolledOn: '2032-01-20' }, '2032-02-01', histogram)).toBe(
      Segment.new,
    );
    expect(segmentOf({ ...emptyStats('m'), enrolledOn: '2031-01-20' }, '2032-02-01', histogram)).toBe(
      Segment.hibernating,
    );
  });
});

describe('settlement', () => {
  it('nets the partners to zero with the clearing line, to the fen, at any rate', () => {
    const figures = fc.record({
      issued: fc.integer({ min: 0, max: 10_000 }),
      reversed: fc.nat(500),
      redeemed: fc.integer({ min: -100, max: 10_000 }),
    });
    fc.assert(
      fc.property(fc.array(figures, { maxLength: 6 }), fc.integer({ min: 1, max: 300 }), (partners, rate) => {
        const settlement = settlementOf({
          period: '2032-01',
          partners: new Map(partners.map((row, i) => [`p${i}`, row])),
          programme: { expired: 40 },
          pointsPerYuan: rate,
          currency: 'CNY',
        });
        const nets = [...settlement.partners, ...settlement.clearing].reduce(
          (sum, row) => sum + row.net.amount,
          0,
        );
        expect(nets).toBe(0);
        expect(settlement.clearing.find((row) => row.line === 'breakage')?.redeemed.points).toBe(40);
      }),
    );
  });
});
