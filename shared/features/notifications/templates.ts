/**
 * Member emails in zh-CN and en, as HTML (inline styles, tables, no external assets: they render
 * in common mail clients) and plain text. Pure: data in, subject and bodies out.
 */
import type { StatementFigures } from '../../domain/statement.js';
import type { Locale } from '../../ports/MemberStore.js';
import { escapeHtml, formatDate, formatMoney, formatPeriod, formatPoints, formatTime } from './format.js';

export type Notification =
  | { readonly kind: 'welcome'; readonly points: number }
  | {
      readonly kind: 'tierChange';
      readonly fromName: string;
      readonly toName: string;
      readonly direction: 'up' | 'down';
      readonly reason: 'upgrade' | 'below_threshold' | 'below_maintenance' | 'inactive';
    }
  | { readonly kind: 'expiryReminder'; readonly points: number; readonly expiresAtMs: number }
  | {
      readonly kind: 'birthdayGift';
      readonly daysBefore: number;
      readonly couponCode: string;
      readonly valueFen: number;
      readonly expiresAtMs: number;
    }
  /** The code itself travels only in the email queue's message, never in the stored record. */
  | { readonly kind: 'memberCode'; readonly code: string; readonly expiresAtMs: number }
  /** Sent to the old address when the member's email or phone changes: field names, never values. */
  | {
      readonly kind: 'contactChanged';
      readonly fields: readonly ('email' | 'phone')[];
      readonly changedAtMs: number;
    }
  | {
      readonly kind: 'statement';
      readonly figures: StatementFigures;
      readonly expiringSoon: readonly { readonly points: number; readonly expiresAtMs: number }[];
      readonly tierName: string;
      readonly nextTier: { readonly name: string; readonly spendNeededFen: number } | null;
      readonly qualifyingSpendFen: number;
      /** The month's purchase points by rule (ruleId as in breakdowns); absent in older statements. */
      readonly byRule?: readonly {
        readonly ruleId: string;
        readonly label: string;
        readonly points: number;
      }[];
    };

export interface RenderContext {
  readonly locale: Locale;
  readonly name: string | null;
  readonly programmeName: string;
  readonly timeZone: string;
  readonly currency: string;
  readonly unsubscribeUrl: string;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

type Row = readonly [label: string, value: string, strong?: boolean];

const copy = {
  'zh-CN': {
    greeting: (name: string | null) => (name ? `${name}，您好：` : '尊敬的会员，您好：'),
    footer: '此邮件由系统自动发送，请勿直接回复。',
    unsubscribe: '退订会员邮件',
    welcomeSubject: '欢迎加入会员计划',
    welcomeBody: (points: string) => `感谢您的加入！我们已向您的账户赠送 ${points} 积分，现在即可使用。`,
    tierUpSubject: (tier: string) => `恭喜升级为${tier}`,
    tierDownSubject: (tier: string) => `您的会员等级已调整为${tier}`,
    tierBody: (from: string, to: string, reason: string) => `您的会员等级已由${from}调整为${to}。${reason}`,
    reasons: {
      upgrade: '感谢您的支持，新等级的权益即刻生效。',
      below_threshold: '原因：近12个月的消费金额低于当前等级的要求。',
      below_maintenance: '原因：消费金额未达到当前等级的保级要求。',
      inactive: '原因：近6个月内没有消费记录。',
    },
    birthdaySubject: '生日快乐！您的专属生日优惠券已到账',
    birthdayBody: (days: number) =>
      days > 0
        ? `距离您的生日还有${days}天，请查收专属生日优惠券。`
        : '今天是您的生日，请查收专属生日优惠券。',
    couponCode: '券码',
    couponValue: '面值',
    couponValid: '有效期至',
    byRuleTitle: '本月购物积分明细',
    ruleNames: { base: '基础积分', tier: '等级加成', birthday: '生日月加倍', threshold: '满额奖励' },
    reminderSubject: (points: string, date: string) => `您有 ${points} 积分将于${date}过期`,
    reminderBody: (points: string, date: string) => `您有 ${points} 积分将于${date}零点过期，请尽快使用。`,
    statementSubject: (period: string) => `${period}积分对账单`,
    statementTitle: (period: string) => `${period}积分对账单`,
    opening: '期初余额',
    earned: '本期获得',
    redeemed: '本期使用',
    expired: '本期过期',
    reversals: '退款及冲正',
    adjustments: '调整',
    closing: '期末余额',
    expiringSoon: '未来90天内将过期的积分',
    noneExpiring: '未来90天内没有将过期的积分。',
    tier: '会员等级',
    progress: (spend: string, next: string, needed: string) =>
      `近12个月消费 ${spend}，再消费 ${needed} 即可升级为${next}。`,
    topTier: (spend: string) => `近12个月消费 ${spend}，您已是最高等级。`,
    points: '积分',
    codeSubject: '您的会员码',
    codeBody: (code: string, time: string) =>
      `您的会员码是 ${code}，在 ${time} 前有效，仅可使用一次。请在收银台出示此码以使用积分。`,
    codeNotYou: '如非本人操作，请忽略此邮件，不要将会员码告诉任何人。',
    contactSubject: '您的会员联系方式已变更',
    contactFields: { email: '邮箱地址', phone: '手机号码' },
    contactBody: (fields: string, time: string) => `您会员账户的${fields}已于 ${time} 变更。`,
    contactNotYou: '如非本人操作，请立即联系客服，以免积分被他人使用。',
  },
  en: {
    greeting: (name: string | null) => (name ? `Dear ${name},` : 'Dear member,'),
    footer: 'This email was sent automatically; please do not reply.',
    unsubscribe: 'Unsubscribe from member emails',
    welcomeSubject: 'Welcome to the member programme',
    welcomeBody: (points: string) =>
      `Thank you for joining! We have added ${points} points to your account, ready to use now.`,
    tierUpSubject: (tier: string) => `Congratulations: you are now ${tier}`,
    tierDownSubject: (tier: string) => `Your tier is now ${tier}`,
    tierBody: (from: string, to: string, reason: string) =>
      `Your tier changed from ${from} to ${to}. ${reason}`,
    reasons: {
      upgrade: 'Thank you: the benefits of your new tier apply from now on.',
      below_threshold: 'Reason: your spending over the last 12 months is below what your tier needs.',
      below_maintenance: 'Reason: your spending did not reach what keeping your tier needs.',
      inactive: 'Reason: no purchase in the last 6 months.',
    },
    birthdaySubject: 'Happy birthday: your birthday coupon is here',
    birthdayBody: (days: number) =>
      days > 0
        ? `Your birthday is ${days} day${days === 1 ? '' : 's'} away: here is your birthday coupon.`
        : 'Today is your birthday: here is your birthday coupon.',
    couponCode: 'Coupon code',
    couponValue: 'Value',
    couponValid: 'Valid until',
    byRuleTitle: 'Purchase points this month, by rule',
    ruleNames: {
      base: 'Base points',
      tier: 'Tier bonus',
      birthday: 'Birthday month',
      threshold: 'Threshold bonus',
    },
    reminderSubject: (points: string, date: string) => `${points} points expire on ${date}`,
    reminderBody: (points: string, date: string) =>
      `${points} of your points expire at midnight on ${date}. Use them before then.`,
    statementSubject: (period: string) => `Your points statement for ${period}`,
    statementTitle: (period: string) => `Points statement, ${period}`,
    opening: 'Opening balance',
    earned: 'Earned',
    redeemed: 'Redeemed',
    expired: 'Expired',
    reversals: 'Refunds and reversals',
    adjustments: 'Adjustments',
    closing: 'Closing balance',
    expiringSoon: 'Points expiring in the next 90 days',
    noneExpiring: 'No points expire in the next 90 days.',
    tier: 'Tier',
    progress: (spend: string, next: string, needed: string) =>
      `You spent ${spend} over the last 12 months; spend ${needed} more to reach ${next}.`,
    topTier: (spend: string) => `You spent ${spend} over the last 12 months; you are in the top tier.`,
    points: 'points',
    codeSubject: 'Your member code',
    codeBody: (code: string, time: string) =>
      `Your member code is ${code}. It is valid until ${time} and can be used once: show it at the till to pay with your points.`,
    codeNotYou: 'If you did not ask for it, ignore this email and never share the code.',
    contactSubject: 'Your member contact details were changed',
    contactFields: { email: 'email address', phone: 'phone number' },
    contactBody: (fields: string, time: string) =>
      `The ${fields} of your member account ${fields.includes(' and ') ? 'were' : 'was'} changed on ${time}.`,
    contactNotYou:
      'If you did not make this change, contact us at once so that no one else can use your points.',
  },
} as const;

const signed = (points: number) =>
  points > 0 ? `+${formatPoints(points)}` : points === 0 ? '0' : formatPoints(points);

function layout(
  ctx: RenderContext,
  title: string,
  paragraphs: readonly string[],
  rows: readonly Row[],
  after: readonly string[],
) {
  const t = copy[ctx.locale];
  const p = (text: string) =>
    `<p style="margin:0 0 12px;font-size:15px;line-height:1.6;color:#222222;">${escapeHtml(text)}</p>`;
  const table =
    rows.length === 0
      ? ''
      : `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:8px 0 16px;">${rows
          .map(
            ([label, value, strong]) =>
              `<tr><td style="padding:8px 0;border-bottom:1px solid #eeeeee;font-size:15px;color:#444444;${strong ? 'font-weight:bold;' : ''}">${escapeHtml(label)}</td><td align="right" style="padding:8px 0;border-bottom:1px solid #eeeeee;font-size:15px;color:#111111;${strong ? 'font-weight:bold;' : ''}">${escapeHtml(value)}</td></tr>`,
          )
          .join('')}</table>`;
  const html = `<!DOCTYPE html><html lang="${ctx.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body style="margin:0;padding:0;background:#f4f4f4;font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',Arial,sans-serif;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f4;"><tr><td align="center" style="padding:24px 12px;"><table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;"><tr><td style="padding:20px 24px;background:#b4282d;border-radius:8px 8px 0 0;color:#ffffff;font-size:18px;font-weight:bold;">${escapeHtml(ctx.programmeName)}</td></tr><tr><td style="padding:24px;"><h1 style="margin:0 0 16px;font-size:20px;color:#111111;">${escapeHtml(title)}</h1>${p(t.greeting(ctx.name))}${paragraphs.map(p).join('')}${table}${after.map(p).join('')}</td></tr><tr><td style="padding:16px 24px;border-top:1px solid #eeeeee;font-size:12px;line-height:1.6;color:#888888;">${escapeHtml(t.footer)}<br><a href="${escapeHtml(ctx.unsubscribeUrl)}" style="color:#888888;">${escapeHtml(t.unsubscribe)}</a></td></tr></table></td></tr></table></body></html>`;
  const text = [
    title,
    '',
    t.greeting(ctx.name),
    '',
    ...paragraphs.flatMap((line) => [line, '']),
    ...rows.map(([label, value]) => `${label}: ${value}`),
    ...(rows.length > 0 ? [''] : []),
    ...after.flatMap((line) => [line, '']),
    '--',
    t.footer,
    `${t.unsubscribe}: ${ctx.unsubscribeUrl}`,
    '',
  ].join('\n');
  return { html, text };
}

export function renderEmail(notification: Notification, ctx: RenderContext): RenderedEmail {
  const t = copy[ctx.locale];
  const date = (ms: number) => formatDate(ms, ctx.timeZone, ctx.locale);
  const money = (fen: number) => formatMoney(fen, ctx.currency);
  switch (notification.kind) {
    case 'welcome': {
      const subject = t.welcomeSubject;
      return { subject, ...layout(ctx, subject, [t.welcomeBody(formatPoints(notification.points))], [], []) };
    }
    case 'tierChange': {
      const subject =
        notification.direction === 'up'
          ? t.tierUpSubject(notification.toName)
          : t.tierDownSubject(notification.toName);
      const body = t.tierBody(notification.fromName, notification.toName, t.reasons[notification.reason]);
      return { subject, ...layout(ctx, subject, [body], [], []) };
    }
    case 'expiryReminder': {
      const points = formatPoints(notification.points);
      const subject = t.reminderSubject(points, date(notification.expiresAtMs));
      return {
        subject,
        ...layout(ctx, subject, [t.reminderBody(points, date(notification.expiresAtMs))], [], []),
      };
    }
    case 'birthdayGift': {
      const subject = t.birthdaySubject;
      const rows: Row[] = [
        [t.couponCode, notification.couponCode, true],
        [t.couponValue, money(notification.valueFen)],
        [t.couponValid, date(notification.expiresAtMs)],
      ];
      return { subject, ...layout(ctx, subject, [t.birthdayBody(notification.daysBefore)], rows, []) };
    }
    case 'memberCode': {
      const subject = t.codeSubject;
      const time = formatTime(notification.expiresAtMs, ctx.timeZone, ctx.locale);
      return {
        subject,
        ...layout(ctx, subject, [t.codeBody(notification.code, time), t.codeNotYou], [], []),
      };
    }
    case 'contactChanged': {
      const subject = t.contactSubject;
      const names = notification.fields.map((field) => t.contactFields[field]);
      const fields = ctx.locale === 'zh-CN' ? names.join('和') : names.join(' and ');
      const time = `${date(notification.changedAtMs)} ${formatTime(notification.changedAtMs, ctx.timeZone, ctx.locale)}`;
      return {
        subject,
        ...layout(ctx, subject, [t.contactBody(fields, time), t.contactNotYou], [], []),
      };
    }
    case 'statement': {
      const { figures } = notification;
      const period = formatPeriod(figures.period, ctx.locale);
      const subject = t.statementSubject(period);
      const rows: Row[] = [
        [t.opening, formatPoints(figures.opening)],
        [t.earned, signed(figures.earned)],
        [t.redeemed, signed(-figures.redeemed)],
        [t.expired, signed(-figures.expired)],
        [t.reversals, signed(figures.reversals)],
        ...(figures.adjustments !== 0 ? [[t.adjustments, signed(figures.adjustments)] as Row] : []),
        [t.closing, formatPoints(figures.closing), true],
      ];
      const expiring =
        notification.expiringSoon.length === 0
          ? [t.noneExpiring]
          : [
              `${t.expiringSoon}: ${notification.expiringSoon
                .map((lot) => `${formatPoints(lot.points)} ${t.points} (${date(lot.expiresAtMs)})`)
                .join('; ')}`,
            ];
      const progress = notification.nextTier
        ? t.progress(
            money(notification.qualifyingSpendFen),
            notification.nextTier.name,
            money(notification.nextTier.spendNeededFen),
          )
        : t.topTier(money(notification.qualifyingSpendFen));
      const ruleName = (line: { ruleId: string; label: string }) =>
        line.ruleId === 'base' || line.ruleId === 'birthday' || line.ruleId === 'threshold'
          ? t.ruleNames[line.ruleId]
          : line.ruleId.startsWith('tier:')
            ? t.ruleNames.tier
            : line.label;
      const byRule =
        notification.byRule && notification.byRule.length > 0
          ? [
              `${t.byRuleTitle}: ${notification.byRule
                .map((line) => `${ruleName(line)} ${signed(line.points)}`)
                .join('; ')}`,
            ]
          : [];
      return {
        subject,
        ...layout(ctx, t.statementTitle(period), [], rows, [
          ...byRule,
          ...expiring,
          `${t.tier}: ${notification.tierName}. ${progress}`,
        ]),
      };
    }
  }
}
