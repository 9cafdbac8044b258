/**
 * The command sequence of the model run: each command acts on the model and on the real system
 * and compares what each answered; run.ts checks the invariants after every step.
 */
import * as fc from 'fast-check';
import { Adjust, Approve } from './commands/desk.js';
import { Aggregate, Expire, ReviewTiers } from './commands/jobs.js';
import {
  Advance,
  ChangeBirthday,
  Enrol,
  EnrolAgain,
  Erase,
  Import,
  ReadAsOther,
} from './commands/members.js';
import {
  type ItemSpec,
  ItemsNotAddingUp,
  Purchase,
  PurchaseThenRefund,
  Refund,
  RefundItems,
} from './commands/purchases.js';
import { Replay } from './commands/replays.js';
import { ConcurrentPay, EndHold, Pay, Redeem, Reverse } from './commands/spending.js';
import type { Command } from './commands/step.js';

const partner = fc.constantFrom<'a' | 'b'>('a', 'b');

export const amountFen = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 30_000 }) },
  { weight: 3, arbitrary: fc.integer({ min: 10_000, max: 600_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 400_000, max: 6_000_000 }) },
);

const itemSpec: fc.Arbitrary<ItemSpec> = fc.record({
  kind: fc.constantFrom<ItemSpec['kind']>('bottle', 'coffee', 'giftcard', 'plain', 'free-bottles'),
  quantity: fc.integer({ min: 1, max: 6 }),
  share: fc.integer({ min: 0, max: 1000 }),
});

/** Each command with its weight: purchases and refunds most, reports and jobs now and then. */
export function commandArbitraries(): fc.Arbitrary<Command>[] {
  const weighted = <T extends Command>(weight: number, arbitrary: fc.Arbitrary<T>) =>
    Array.from({ length: weight }, () => arbitrary as fc.Arbitrary<Command>);
  return [
    ...weighted(
      3,
      fc
        .tuple(
          partner,
          fc.option(fc.nat(), { nil: null }),
          fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
        )
        .map(([by, referrer, month]) => new Enrol(by, referrer, month)),
    ),
    ...weighted(
      6,
      fc
        .tuple(
          fc.nat(),
          partner,
          fc.constantFrom('sA1', 'sA2', 'sB1'),
          amountFen,
          fc.constantFrom(0, 0, 1, 30, 200),
          fc.option(fc.array(itemSpec, { minLength: 1, maxLength: 3 }), { nil: null, freq: 2 }),
        )
        .map(
          ([member, by, store, amount, hoursAgo, items]) =>
            new Purchase(member, by, store, amount, hoursAgo, items),
        ),
    ),
    ...weighted(
      3,
      fc
        .tuple(fc.nat(), fc.oneof(fc.constant(1000), fc.integer({ min: 1, max: 999 })))
        .map(([purchase, share]) => new Refund(purchase, share)),
    ),
    ...weighted(
      1,
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3 })).map(([p, lines]) => new RefundItems(p, lines)),
    ),
    ...weighted(
      2,
      fc
        .tuple(fc.nat(), partner, fc.constantFrom('sA1', 'sB1'), amountFen, fc.integer({ min: 1, max: 3 }))
        .map(
          ([member, by, store, amount, parts]) => new PurchaseThenRefund(member, by, store, amount, parts),
        ),
    ),
    ...weighted(
      1,
      fc
        .tuple(fc.nat(), fc.integer({ min: 1, max: 10_000 }))
        .map(([m, short]) => new ItemsNotAddingUp(m, short)),
    ),
    ...weighted(
      2,
      fc
        .tuple(fc.nat(), partner, fc.constantFrom<'coffee' | 'coupon'>('coffee', 'coupon'))
        .map(([m, by, reward]) => new Redeem(m, by, reward)),
    ),
    ...weighted(
      2,
      fc
        .tuple(fc.nat(), partner, fc.integer({ min: 100, max: 3000 }), fc.boolean())
        .map(([m, by, points, hold]) => new Pay(m, by, points, hold)),
    ),
    ...weighted(
      2,
      fc
        .tuple(fc.nat(), fc.constantFrom<'capture' | 'void'>('capture', 'void'))
        .map(([r, action]) => new EndHold(r, action)),
    ),
    ...weighted(
      1,
      fc.nat().map((r) => new Reverse(r)),
    ),
    ...weighted(
      2,
      fc
        .tuple(
          fc.nat(),
          fc.oneof(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: 2000, max: 9000 })),
        )
        .map(([m, points]) => new Adjust(m, points)),
    ),
    ...weighted(
      1,
      fc.nat().map((a) => new Approve(a)),
    ),
    ...weighted(
      1,
      fc
        .tuple(
          fc.nat(),
          fc.constantFrom<'a' | 'b' | 'operator'>('a', 'b', 'operator'),
          fc.integer({ min: 1, max: 12 }),
        )
        .map(([m, by, month]) => new ChangeBirthday(m, by, month)),
    ),
    ...weighted(
      1,
      fc.tuple(fc.nat(), partner).map(([m, by]) => new ReadAsOther(m, by)),
    ),
    ...weighted(
      1,
      fc.tuple(fc.nat(), partner, fc.boolean()).map(([m, by, same]) => new EnrolAgain(m, by, same)),
    ),
    ...weighted(
      1,
      fc
        .tuple(
          fc.constantFrom(0, 150_000, 2_000_000),
          fc.constantFrom(0, 500, 3000),
          fc.integer({ min: 0, max: 400 }),
        )
        .map(([spend, points, days]) => new Import(spend, points, days)),
    ),
    ...weighted(
      3,
      fc
        .oneof(
          fc.integer({ min: 1, max: 30 }),
          fc.integer({ min: 60, max: 3 * 24 * 60 }),
          fc.integer({ min: 6 * 24 * 60, max: 40 * 24 * 60 }),
        )
        .map((minutes) => new Advance(minutes)),
    ),
    ...weighted(
      2,
      fc.tuple(fc.nat(), fc.boolean()).map(([entry, same]) => new Replay(entry, same)),
    ),
    ...weighted(
      1,
      fc.nat().map((m) => new Erase(m)),
    ),
    ...weighted(
      1,
      fc
        .tuple(fc.nat(), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 100, max: 2000 }))
        .map(([m, count, points]) => new ConcurrentPay(m, count, points)),
    ),
    ...weighted(1, fc.constant(new ReviewTiers())),
    ...weighted(1, fc.constant(new Expire())),
    ...weighted(1, fc.constant(new Aggregate())),
  ];
}
