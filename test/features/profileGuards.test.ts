import { describe, expect, it } from 'vitest';
import { Forbidden } from '../../shared/core/errors.js';
import { guardsOfChange } from '../../shared/features/members/profile.js';
import { renderEmail } from '../../shared/features/notifications/templates.js';
import type { MemberProfile, ProfileChanges } from '../../shared/ports/MemberStore.js';

const nowMs = Date.parse('2026-11-25T10:00:00+08:00');
const actor = { partnerId: 'p', keyId: 'k' };
const profile = (fields: Partial<MemberProfile> = {}): MemberProfile => ({
  memberId: 'm-1',
  name: null,
  email: 'old@example.com',
  phone: '13800001111',
  birthday: '1990-03-15',
  locale: 'zh-CN',
  marketingConsent: false,
  referrerId: null,
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  enrolmentFingerprint: 'f',
  version: 4,
  ...fields,
});

describe('guardsOfChange', () => {
  it.each<[string, Partial<MemberProfile>, ProfileChanges, string[], string | null]>([
    // [case, profile, changes, audit actions, notice sent to]
    ['a first birthday', { birthday: null }, { birthday: '1990-11-01' }, [], null],
    ['the same birthday', {}, { birthday: '1990-03-15' }, [], null],
    ['another birthday', {}, { birthday: '1990-11-01' }, ['member.birthday_changed'], null],
    ['a birthday removed', {}, { birthday: null }, ['member.birthday_changed'], null],
    ['a new email', {}, { email: 'new@example.com' }, ['member.contact_changed'], 'old@example.com'],
    ['a new phone', {}, { phone: '13900002222' }, ['member.contact_changed'], 'old@example.com'],
    ['an email removed', {}, { email: null }, ['member.contact_changed'], 'old@example.com'],
    ['a phone without an email on file', { email: null }, { phone: '139' }, ['member.contact_changed'], null],
    ['a first email', { email: null }, { email: 'first@example.com' }, ['member.contact_changed'], null],
    ['the same email and phone', {}, { email: 'old@example.com', phone: '13800001111' }, [], null],
    ['a name', {}, { name: 'Li' }, [], null],
  ])('%s', (_, fields, changes, actions, toldTo) => {
    const { audit, records } = guardsOfChange(
      profile(fields),
      changes,
      { actor, mayChangeIdentity: true },
      nowMs,
    );
    expect(audit.map((entry) => entry.action)).toEqual(actions);
    expect(records.map((record) => record.data.to ?? null)).toEqual(toldTo ? [toldTo] : []);
    // Field names only: no value of the change in the audit trail.
    expect(JSON.stringify(audit)).not.toMatch(/@|139|1990/);
  });

  it('refuses to change a set birthday without members:identity, and lets a first one through', () => {
    const editor = { actor, mayChangeIdentity: false };
    expect(() => guardsOfChange(profile(), { birthday: '1990-11-01' }, editor, nowMs)).toThrow(Forbidden);
    expect(() => guardsOfChange(profile(), { birthday: null }, editor, nowMs)).toThrow(Forbidden);
    expect(
      guardsOfChange(profile({ birthday: null }), { birthday: '1990-11-01' }, editor, nowMs).audit,
    ).toEqual([]);
  });

  it('keys the notice by the version the change makes, so a retry writes it once', () => {
    const { records } = guardsOfChange(
      profile(),
      { email: 'new@example.com' },
      { actor, mayChangeIdentity: false },
      nowMs,
    );
    expect(records[0]).toMatchObject({ scope: 'm-1', id: 'contact-changed-v5', data: { status: 'pending' } });
  });
});

describe('the contact change notice', () => {
  const ctx = {
    name: null,
    programmeName: 'Jifen',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    unsubscribeUrl: 'http://127.0.0.1:3000/v1/unsubscribe?token=t',
  };
  it('names the fields and the time in both languages, and no value', () => {
    const notice = { kind: 'contactChanged', fields: ['email', 'phone'], changedAtMs: nowMs } as const;
    const zh = renderEmail(notice, { ...ctx, locale: 'zh-CN' });
    expect(zh.subject).toBe('您的会员联系方式已变更');
    expect(zh.text).toContain('邮箱地址和手机号码');
    const en = renderEmail({ ...notice, fields: ['phone'] }, { ...ctx, locale: 'en' });
    expect(en.subject).toBe('Your member contact details were changed');
    expect(en.text).toContain('The phone number of your member account was changed on');
    expect(en.html).toContain('contact us at once');
  });
});
