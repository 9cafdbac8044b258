/**
 * Member emails in zh-CN and en, as HTML (inline styles, tables, no external assets: they render
 * in common mail clients) and plain text. Pure: data in, subject and bodies out.
 */
import type { StatementFigures } from '../../domain/statement.js';
import type { Locale } from '../../ports/MemberStore.js';
import { copy } from './copy.js';
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

/** The monthly statement: the period's figures, the points by rule, what expires soon, the tier. */
function renderStatement(
  notification: Extract<Notification, { kind: 'statement' }>,
  ctx: RenderContext,
): RenderedEmail {
  const t = copy[ctx.locale];
  const date = (ms: number) => formatDate(ms, ctx.timeZone, ctx.locale);
  const money = (fen: number) => formatMoney(fen, ctx.currency);
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
    case 'statement':
      return renderStatement(notification, ctx);
  }
}
