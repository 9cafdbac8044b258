import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../shared/domain/ledgerEntry.js';
import { inQuietHours, statementFigures } from '../../shared/domain/statement.js';
import { formatMoney } from '../../shared/features/notifications/format.js';
import { buildMime } from '../../shared/features/notifications/mime.js';
import { renderEmail } from '../../shared/features/notifications/templates.js';
import {
  unsubscribeToken,
  verifyUnsubscribeToken,
} from '../../shared/features/notifications/unsubscribeToken.js';

const entry = (createdAt: string, type: LedgerEntry['type'], points: number): LedgerEntry => ({
  memberId: 'm',
  transactionId: `${type}-${createdAt}`,
  type,
  points,
  createdAt,
  occurredAt: createdAt,
  reference: 'r',
  description: 'd',
});

describe('statement figures', () => {
  it('reconciles opening, movements and closing over the programme month', () => {
    const figures = statementFigures(
      [
        entry('2026-09-30T15:59:59.000Z', 'bonus', 100), // 23:59:59 on 30 Sep in Shanghai: before the period
        entry('2026-09-30T16:00:00.000Z', 'earn', 300), // 00:00 on 1 Oct: inside
        entry('2026-10-05T02:00:00.000Z', 'redeem', -250),
        entry('2026-10-06T02:00:00.000Z', 'hold', -100),
        entry('2026-10-06T02:10:00.000Z', 'release', 100),
        entry('2026-10-07T02:00:00.000Z', 'reversal', -30),
        entry('2026-10-08T02:00:00.000Z', 'expire', -20),
        entry('2026-10-31T16:00:00.000Z', 'earn', 999), // 1 Nov: after
      ],
      '2026-10',
      'Asia/Shanghai',
    );
    expect(figures).toEqual({
      period: '2026-10',
      opening: 100,
      earned: 300,
      redeemed: 250,
      expired: 20,
      reversals: -30,
      adjustments: 0,
      closing: 100,
    });
  });

  it.each([
    ['2026-11-10T21:59:59+08:00', false],
    ['2026-11-10T22:00:00+08:00', true],
    ['2026-11-11T03:00:00+08:00', true],
    ['2026-11-11T07:59:59+08:00', true],
    ['2026-11-11T08:00:00+08:00', false],
  ])('at %s quiet hours are %s', (iso, quiet) => {
    expect(inQuietHours(Date.parse(iso), 'Asia/Shanghai')).toBe(quiet);
  });
});

describe('email rendering', () => {
  const context = {
    locale: 'en' as const,
    name: 'Li <Na>',
    programmeName: 'Jifen',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    unsubscribeUrl: 'https://api.example/v1/unsubscribe?token=abc',
  };

  it('formats money as members read it', () => {
    expect(formatMoney(123_456, 'CNY')).toBe('¥1,234.56');
    expect(formatMoney(5, 'CNY')).toBe('¥0.05');
  });

  it('renders a statement in both languages with the figures, escaping what members typed', () => {
    const statement = {
      kind: 'statement' as const,
      figures: {
        period: '2026-10',
        opening: 1200,
        earned: 350,
        redeemed: 300,
        expired: 0,
        reversals: -50,
        adjustments: 0,
        closing: 1200,
      },
      expiringSoon: [{ points: 100, expiresAtMs: Date.parse('2027-01-01T00:00:00+08:00') }],
      tierName: 'Silver',
      nextTier: { name: 'Gold', spendNeededFen: 123_456 },
      qualifyingSpendFen: 100_000,
    };
    const en = renderEmail(statement, context);
    expect(en.subject).toBe('Your points statement for October 2026');
    expect(en.text).toContain('Opening balance: 1,200');
    expect(en.text).toContain('Refunds and reversals: -50');
    expect(en.text).toContain('100 points (1 Jan 2027)');
    expect(en.text).toContain('spend ¥1,234.56 more to reach Gold');
    expect(en.html).toContain('Li &#60;Na&#62;');
    expect(en.html).not.toMatch(/<link|<script|src="http/);
    const zh = renderEmail(statement, { ...context, locale: 'zh-CN' });
    expect(zh.subject).toBe('2026年10月积分对账单');
    expect(zh.text).toContain('2027年1月1日');
  });

  it('builds a MIME message with List-Unsubscribe headers and both parts', () => {
    const mime = buildMime({
      from: 'no-reply@shop.example',
      to: 'a@b.c',
      subject: '积分对账单',
      text: 'plain',
      html: '<p>html</p>',
      unsubscribeUrl: 'https://api.example/v1/unsubscribe?token=abc',
      messageKey: 'm/statement-2026-10',
    });
    expect(mime).toContain('List-Unsubscribe: <https://api.example/v1/unsubscribe?token=abc>');
    expect(mime).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mime).toContain(`Subject: =?UTF-8?B?${Buffer.from('积分对账单').toString('base64')}?=`);
    expect(mime).toContain('Content-Type: text/plain; charset=UTF-8');
    expect(mime).toContain('Content-Type: text/html; charset=UTF-8');
  });

  it('verifies only tokens it signed', () => {
    const token = unsubscribeToken('member-1', 'secret');
    expect(verifyUnsubscribeToken(token, 'secret')).toBe('member-1');
    expect(verifyUnsubscribeToken(token, 'other')).toBeNull();
    expect(verifyUnsubscribeToken(`${token}x`, 'secret')).toBeNull();
    expect(verifyUnsubscribeToken('garbage', 'secret')).toBeNull();
  });
});
