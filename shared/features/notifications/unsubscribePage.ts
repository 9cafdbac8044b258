/**
 * The small bilingual pages of an unsubscribe link. Opening the link changes nothing (mail
 * scanners open links); the member confirms with a button that posts the form, as RFC 8058
 * one-click clients post directly.
 */
import { escapeHtml } from './format.js';

export type UnsubscribePage = 'confirm' | 'done' | 'invalid';

const copy: Record<UnsubscribePage, readonly [zh: string, en: string]> = {
  confirm: [
    '确认退订会员邮件？退订后将不再收到对账单和积分到期提醒。',
    'Unsubscribe from member emails? You will no longer receive statements or expiry reminders.',
  ],
  done: [
    '您已退订会员邮件，今后不会再收到对账单和提醒。',
    'You are unsubscribed: no more statements or reminders will be sent.',
  ],
  invalid: ['此退订链接无效或已过期。', 'This unsubscribe link is not valid.'],
};

export function unsubscribePage(page: UnsubscribePage) {
  const [zh, en] = copy[page];
  const form =
    page === 'confirm'
      ? '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="font-size:16px;padding:10px 20px;background:#b4282d;color:#fff;border:0;border-radius:6px;cursor:pointer;">确认退订 / Unsubscribe</button></form>'
      : '';
  const body = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>Unsubscribe</title></head><body style="font-family:-apple-system,'PingFang SC',Arial,sans-serif;max-width:480px;margin:48px auto;padding:0 16px;color:#222;"><main><p style="font-size:16px;">${escapeHtml(zh)}</p><p style="font-size:16px;">${escapeHtml(en)}</p>${form}</main></body></html>`;
  return {
    status: page === 'invalid' ? 400 : 200,
    body,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
      'x-frame-options': 'DENY',
    },
  };
}
