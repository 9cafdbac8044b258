import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../shared/core/errors.js';
import { opaqueId, openPosition, sealPosition } from '../../shared/core/sealing.js';
import { EntryType, type LedgerEntry } from '../../shared/domain/ledgerEntry.js';
import { isOtherPartners, otherPartnerTransactionView } from '../../shared/features/members/history.js';

const partners = ['pa', 'pb', 'operator', 'programme'];
const entryArb: fc.Arbitrary<LedgerEntry> = fc.record(
  {
    memberId: fc.constant('m-1'),
    transactionId: fc.string({ minLength: 1, maxLength: 40 }),
    type: fc.constantFrom(...Object.values(EntryType)),
    points: fc.integer({ min: -100_000, max: 100_000 }),
    createdAt: fc.constant('2026-11-25T02:00:00.000Z'),
    occurredAt: fc.constant('2026-11-25T01:00:00.000Z'),
    reference: fc.constantFrom(
      'purchase:P-1',
      'refund:R-1',
      'redemption:X',
      'expiry:2027-01-01',
      'adjustment:A',
    ),
    description: fc.string(),
    partnerId: fc.constantFrom(...partners),
    storeId: fc.string(),
    amountFen: fc.nat(),
  },
  {
    requiredKeys: [
      'memberId',
      'transactionId',
      'type',
      'points',
      'createdAt',
      'occurredAt',
      'reference',
      'description',
    ],
  },
);

describe('what a partner sees of a shared member’s history', () => {
  it.each<[string, Partial<LedgerEntry>, string, boolean]>([
    // [case, entry, reader's partner, shown as another partner's]
    ['its own purchase', { partnerId: 'pa', reference: 'purchase:P-1' }, 'pa', false],
    ['another partner’s purchase', { partnerId: 'pb', reference: 'purchase:P-1' }, 'pa', true],
    ['the operator’s adjustment', { partnerId: 'operator', reference: 'adjustment:A' }, 'pa', true],
    ['a programme coupon', { partnerId: 'programme', reference: 'redemption:X' }, 'pa', false],
    ['an expiry (no partner)', { reference: 'expiry:2027-01-01' }, 'pa', false],
    ['an old purchase that names no partner', { reference: 'purchase:P-0' }, 'pa', true],
  ])('%s', (_, fields, partnerId, other) => {
    const entry = {
      memberId: 'm',
      transactionId: 't',
      type: 'earn',
      points: 1,
      createdAt: 'c',
      occurredAt: 'o',
      reference: 'r',
      description: 'd',
      ...fields,
    } as LedgerEntry;
    expect(isOtherPartners(entry, { partnerId, seesEveryPartner: false })).toBe(other);
    expect(isOtherPartners(entry, { partnerId, seesEveryPartner: true })).toBe(false);
  });

  it('never shows more than what moved and when of another partner’s entry, under an id that does not name it', () => {
    fc.assert(
      fc.property(
        entryArb,
        fc.constantFrom(...partners),
        fc.string({ minLength: 16 }),
        (entry, reader, secret) => {
          if (!isOtherPartners(entry, { partnerId: reader, seesEveryPartner: false })) return;
          const id = opaqueId(`${entry.memberId}/${entry.transactionId}`, secret);
          const view = otherPartnerTransactionView(entry, id);
          expect(Object.keys(view).sort()).toEqual([
            'createdAt',
            'occurredAt',
            'partner',
            'points',
            'transactionId',
            'type',
          ]);
          expect(view.transactionId).toMatch(/^tx_[A-Za-z0-9_-]{22}$/);
          expect(opaqueId(`${entry.memberId}/${entry.transactionId}`, secret)).toBe(id);
        },
      ),
    );
  });
});

describe('sealed cursors', () => {
  const position = fc.record({ pk: fc.string(), sk: fc.string().map((tail) => `TX#earn-partner-b-${tail}`) });
  it('opens what it sealed, and nothing else', () => {
    fc.assert(
      fc.property(position, fc.string({ minLength: 16 }), fc.nat(), (at, secret, flip) => {
        const sealed = sealPosition(at, secret)!;
        expect(openPosition(sealed, secret)).toEqual(at);
        expect(Buffer.from(String(sealed.sealed), 'base64url').toString('latin1')).not.toContain('partner-b');
        const raw = Buffer.from(String(sealed.sealed), 'base64url');
        raw[flip % raw.length] = raw[flip % raw.length]! ^ 1;
        expect(() => openPosition({ sealed: raw.toString('base64url') }, secret)).toThrow(ValidationFailed);
        expect(() => openPosition(sealed, `${secret}!`)).toThrow(ValidationFailed);
        expect(() => openPosition(at, secret)).toThrow(ValidationFailed);
      }),
      { numRuns: 200 },
    );
  });
});
