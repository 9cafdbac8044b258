import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBusinessClock } from '../../shared/core/clock.js';
import { Scope } from '../../shared/core/scopes.js';
import { sendNotification } from '../../shared/features/notifications/emails.js';
import { senderDeps } from '../../shared/wiring/adapters.js';
import { admin, call, deliver, inbox, partnerKey, pollQueues, redeem, runJob, uniqueId } from './harness.js';

type Json = Record<string, unknown>;

let till: { partnerId: string; key: string };
let adminKey: string;
let pollers: ReturnType<typeof pollQueues>;

beforeAll(async () => {
  adminKey = await admin();
  till = await partnerKey([Scope.membersWrite, Scope.membersRead, Scope.pointsEarn, Scope.pointsRedeem]);
  pollers = pollQueues(['jobs', 'emails']);
});

afterAll(async () => {
  setBusinessClock(null);
  await pollers.stop();
});

/** Relays the outbox and waits for the sender to finish. */
async function sendPending() {
  await runJob('send-notifications');
  await pollers.idle(30_000);
}

async function enrol(body: Json) {
  const memberId = uniqueId('m');
  const email = `${memberId}@example.com`;
  expect(
    (await call('POST', '/v1/members', { key: till.key, body: { memberId, email, ...body } })).status,
  ).toBe(201);
  return { memberId, email };
}

async function buy(memberId: string, occurredAt: string, amount: number) {
  const purchaseId = uniqueId('p');
  await call('POST', '/v1/purchases', {
    key: till.key,
    body: { purchaseId, memberId, storeId: 's', occurredAt, currency: 'CNY', amount },
  });
  await deliver('accrual', [{ partnerId: till.partnerId, purchaseId }]);
}

describe('member emails', () => {
  it('welcomes a new member once, in their language, with an unsubscribe link', async () => {
    setBusinessClock('2026-10-05T10:00:00+08:00');
    const { email } = await enrol({ locale: 'en', name: 'Wang Fang' });
    await sendPending();
    await sendPending();
    const mails = await inbox(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Welcome to the member programme');
    expect(mails[0]?.body.text).toContain('100 points');
    expect(mails[0]?.body.html).toContain('/v1/unsubscribe?token=');
  });

  it('tells the old address when the email or phone changes, without the new values', async () => {
    setBusinessClock('2026-10-05T11:00:00+08:00');
    const { memberId, email } = await enrol({ locale: 'en', phone: '13855556666' });
    await sendPending();
    const newEmail = `${memberId}-new@example.com`;
    const changed = await call('PATCH', `/v1/members/${memberId}`, {
      key: till.key,
      body: { email: newEmail, phone: '13977778888' },
    });
    expect(changed.status).toBe(200);
    setBusinessClock('2026-10-05T11:01:00+08:00'); // the relay runs once a minute
    await sendPending();
    const notices = (await inbox(email)).filter(
      (mail) => mail.subject === 'Your member contact details were changed',
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body.text).toContain('email address and phone number');
    expect(JSON.stringify(notices[0])).not.toMatch(/-new@|13977778888/);
    expect(await inbox(newEmail)).toHaveLength(0);
    // A phone change alone is told to the email on file, zh-CN by default, at once: in quiet hours
    // too, without waiting for the relay (a security notice, like a member code).
    setBusinessClock('2026-10-05T23:30:00+08:00');
    const zh = await enrol({ phone: '13800001111' });
    await call('PATCH', `/v1/members/${zh.memberId}`, { key: till.key, body: { phone: '13800002222' } });
    await pollers.idle(20_000);
    const zhNotices = (await inbox(zh.email)).filter((mail) => mail.subject === '您的会员联系方式已变更');
    expect(zhNotices).toHaveLength(1);
    expect(zhNotices[0]?.body.text).toContain('手机号码');
  });

  it('sends a monthly statement whose figures match the ledger, once, in Chinese by default', async () => {
    setBusinessClock('2026-09-20T10:00:00+08:00');
    const { memberId, email } = await enrol({});
    setBusinessClock('2026-09-21T10:00:00+08:00');
    await buy(memberId, '2026-09-21T10:00:00+08:00', 20_000); // 250 points, available from 28 Sep
    setBusinessClock('2026-10-10T10:00:00+08:00');
    await buy(memberId, '2026-10-10T10:00:00+08:00', 30_000); // 350 points
    await redeem(till.key, { redemptionId: uniqueId('x'), memberId, storeId: 's', rewardId: 'coffee' });
    setBusinessClock('2026-11-02T09:00:00+08:00');
    const run = await runJob('statements');
    expect(run).toMatchObject({ runId: 'statements-2026-10', period: '2026-10', status: 'succeeded' });
    await sendPending();
    const statements = (await inbox(email)).filter((mail) => mail.subject.includes('对账单'));
    expect(statements).toHaveLength(1);
    expect(statements[0]?.subject).toBe('2026年10月积分对账单');
    const text = statements[0]?.body.text ?? '';
    expect(text).toContain('期初余额: 350');
    expect(text).toContain('本期获得: +350');
    expect(text).toContain('本期使用: -300');
    expect(text).toContain('期末余额: 400');
    expect(text).toContain('未来90天内没有将过期的积分');
    const member = await call<{ points: { available: number; pending: number } }>(
      'GET',
      `/v1/members/${memberId}`,
      {
        key: adminKey,
      },
    );
    expect(member.body.points.available + member.body.points.pending).toBe(400);

    expect((await runJob('statements')).runId).toBe('statements-2026-10');
    await sendPending();
    expect((await inbox(email)).filter((mail) => mail.subject.includes('对账单'))).toHaveLength(1);
  });

  it('sends nothing between 22:00 and 08:00, and what waited goes out at 08:00', async () => {
    setBusinessClock('2026-11-10T23:00:00+08:00');
    const { email } = await enrol({ locale: 'en' });
    await runJob('statements', { period: '2026-09' }); // a statement job started at 23:00
    await sendPending();
    expect(await inbox(email)).toHaveLength(0);
    setBusinessClock('2026-11-11T07:59:00+08:00');
    await sendPending();
    expect(await inbox(email)).toHaveLength(0);
    setBusinessClock('2026-11-11T08:00:30+08:00');
    await sendPending();
    const subjects = (await inbox(email)).map((mail) => mail.subject).sort();
    expect(subjects).toEqual(['Welcome to the member programme', 'Your points statement for September 2026']);
  });

  it('sends one email for a tier change', async () => {
    setBusinessClock('2026-11-12T10:00:00+08:00');
    const { memberId, email } = await enrol({ locale: 'en' });
    await buy(memberId, '2026-11-12T10:00:00+08:00', 120_000);
    await sendPending();
    const tierMails = (await inbox(email)).filter((mail) => mail.subject.startsWith('Congratulations'));
    expect(tierMails).toHaveLength(1);
    expect(tierMails[0]?.subject).toBe('Congratulations: you are now 白银会员');
  });

  it('reminds once per expiry date of points expiring within 30 days', async () => {
    setBusinessClock('2025-06-01T10:00:00+08:00');
    const { email } = await enrol({ locale: 'en' }); // 100 points expiring 2027-01-01
    setBusinessClock('2026-12-05T10:00:00+08:00');
    await runJob('expiry-reminders');
    setBusinessClock('2026-12-06T10:00:00+08:00');
    await runJob('expiry-reminders');
    await sendPending();
    const reminders = (await inbox(email)).filter((mail) => mail.subject.includes('expire'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.subject).toBe('100 points expire on 1 Jan 2027');
  });

  it('sends an unsubscribed member no statement', async () => {
    setBusinessClock('2026-11-15T10:00:00+08:00');
    const { memberId, email } = await enrol({ locale: 'en' });
    await sendPending();
    const link = /(http:\/\/127\.0\.0\.1:3000)(\/v1\/unsubscribe\?token=[^\s"<]+)/.exec(
      (await inbox(email))[0]?.body.text ?? '',
    );
    expect(link).not.toBeNull();
    const token = new URL(`http://x${link![2]}`).searchParams.get('token')!;
    // Opening the link (a mail scanner does) changes nothing: the page asks to confirm.
    const page = await call<string>('GET', '/v1/unsubscribe', { key: null, query: { token } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<form method="post">');
    expect(page.body).not.toContain('You are unsubscribed');
    const { DynamoMemberStore } = await import('../../shared/adapters/dynamodb/DynamoMemberStore.js');
    expect((await new DynamoMemberStore().getProfile(memberId))?.unsubscribed).toBeFalsy();
    // The button posts the form (as RFC 8058 one-click clients do): now it is done.
    const done = await call<string>('POST', '/v1/unsubscribe', {
      key: null,
      query: { token },
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toContain('You are unsubscribed');
    expect((await new DynamoMemberStore().getProfile(memberId))?.unsubscribed).toBe(true);
    const forged = await call<string>('GET', '/v1/unsubscribe', { key: null, query: { token: `${token}x` } });
    expect(forged.status).toBe(400);
    expect(memberId).toBeTruthy();
    setBusinessClock('2026-12-02T09:00:00+08:00');
    await runJob('statements');
    await sendPending();
    expect((await inbox(email)).filter((mail) => mail.subject.includes('statement'))).toHaveLength(0);
  });
});

describe('the email sender when SES fails', () => {
  it('puts the claim back for the retry, then sends once and never again', async () => {
    setBusinessClock('2026-10-06T10:00:00+08:00');
    const { memberId, email } = await enrol({});
    const sent: string[] = [];
    let failNext = true;
    const flakySes = {
      sendRaw: async (message: { to: string }) => {
        if (failNext) {
          failNext = false;
          throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
        }
        sent.push(message.to);
      },
    };
    const deps = { ...senderDeps(), mailer: flakySes };
    const message = { memberId, key: 'welcome' };
    await expect(sendNotification(deps, message)).rejects.toThrow('Service unavailable');
    expect(await sendNotification(deps, message)).toBe('sent');
    expect(await sendNotification(deps, message)).toBe('done');
    expect(sent).toEqual([email]);
  });
});
