/** One example of each member email, for `npm run preview:emails` and the rendering tests. */
import type { Locale } from '../../ports/MemberStore.js';
import type { Notification, RenderContext } from './templates.js';

const at = (iso: string) => Date.parse(iso);

export const sampleNotifications: Record<string, Notification> = {
  welcome: { kind: 'welcome', points: 100 },
  'tier-up': {
    kind: 'tierChange',
    fromName: '普通会员',
    toName: '白银会员',
    direction: 'up',
    reason: 'upgrade',
  },
  'tier-down': {
    kind: 'tierChange',
    fromName: '黄金会员',
    toName: '白银会员',
    direction: 'down',
    reason: 'below_threshold',
  },
  'expiry-reminder': { kind: 'expiryReminder', points: 1_250, expiresAtMs: at('2027-01-01T00:00:00+08:00') },
  'birthday-gift': {
    kind: 'birthdayGift',
    daysBefore: 15,
    couponCode: 'K7QH2M9XPA3B',
    valueFen: 1_000,
    expiresAtMs: at('2027-02-19T14:00:00+08:00'),
  },
  'contact-changed': {
    kind: 'contactChanged',
    fields: ['email', 'phone'],
    changedAtMs: at('2026-11-25T10:00:00+08:00'),
  },
  statement: {
    kind: 'statement',
    figures: {
      period: '2026-11',
      opening: 2_480,
      earned: 1_306,
      redeemed: 1_000,
      expired: 0,
      reversals: -153,
      adjustments: 0,
      closing: 2_633,
    },
    expiringSoon: [{ points: 1_250, expiresAtMs: at('2027-01-01T00:00:00+08:00') }],
    tierName: '白银会员',
    nextTier: { name: '黄金会员', spendNeededFen: 712_345 },
    qualifyingSpendFen: 287_655,
    byRule: [
      { ruleId: 'base', label: 'Base', points: 956 },
      { ruleId: 'campaign:double-11', label: '双十一双倍积分', points: 200 },
      { ruleId: 'threshold', label: 'Threshold bonus', points: 100 },
      { ruleId: 'item:coffee', label: '咖啡三倍积分', points: 50 },
    ],
  },
};

export function sampleContext(locale: Locale): RenderContext {
  return {
    locale,
    name: locale === 'zh-CN' ? '张伟' : 'Wang Fang',
    programmeName: 'Jifen 积分',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    unsubscribeUrl: 'http://127.0.0.1:3000/v1/unsubscribe?token=preview',
  };
}
