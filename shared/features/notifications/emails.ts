/**
 * Member emails through a transactional outbox. A notification record is written in the same
 * transaction as the fact it tells of (enrolment, tier change), or by an idempotent job step
 * (reminder, statement), keyed by its dedupe key: it exists once, however often the fact is
 * replayed. The relay job queues pending notifications outside quiet hours; the sender claims
 * each one (pending → sent) before calling SES, so a redelivered message never sends twice.
 */
import type { Clock } from '../../core/clock.js';
import { NotificationStatus, OperationKind, type OperationRecord } from '../../core/records.js';
import { inQuietHours } from '../../domain/statement.js';
import type { LedgerStore } from '../../ports/LedgerStore.js';
import type { Mailer } from '../../ports/Mailer.js';
import type { MemberProfile, MemberStore } from '../../ports/MemberStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';
import type { Queue } from '../../ports/Queue.js';
import { configSecret } from '../ledger/secrets.js';
import { transitionRecord } from '../ledger/transaction.js';
import { buildMime } from './mime.js';
import { type Notification, renderEmail } from './templates.js';
import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribeToken.js';

declare module '../../core/records.js' {
  interface RecordDataByKind {
    NOTIFY: NotificationData;
  }
}

export interface NotificationData {
  readonly status: NotificationStatus;
  readonly memberId: string;
  readonly key: string;
  readonly notification: Notification;
  readonly createdAt: string;
  readonly queuedAt?: string;
  readonly sentAt?: string;
  readonly reason?: string;
  /**
   * An address other than the member's current one (the old address told of a contact change):
   * such a notice goes even to an unsubscribed member, and the address is dropped once it is sent
   * or skipped.
   */
  readonly to?: string;
  /** A security notice (a contact change): sent at once, in quiet hours too, like a member code. */
  readonly urgent?: boolean;
}

export interface EmailMessage {
  readonly memberId: string;
  readonly key: string;
  /** A member code sent by email: the code travels only here, never in a stored record. */
  readonly memberCode?: { readonly code: string; readonly expiresAt: string };
}

export interface NotificationDeps {
  readonly ledger: LedgerStore;
  readonly members: MemberStore;
  readonly programs: ProgramSource;
  readonly clock: Clock;
}

/** A pending notification, to be written with the fact it tells of. */
export function notificationRecord(
  memberId: string,
  key: string,
  notification: Notification,
  nowMs: number,
  extra: { readonly to?: string; readonly urgent?: boolean } = {},
): OperationRecord<'NOTIFY'> {
  const data: NotificationData = {
    status: NotificationStatus.pending,
    memberId,
    key,
    notification,
    createdAt: new Date(nowMs).toISOString(),
    ...(extra.to ? { to: extra.to } : {}),
    ...(extra.urgent ? { urgent: true } : {}),
  };
  return { kind: OperationKind.notification, scope: memberId, id: key, data: { ...data } };
}

/** Writes a notification unless one with the same dedupe key exists; true when it is new. */
export async function notifyOnce(
  ledger: LedgerStore,
  memberId: string,
  key: string,
  notification: Notification,
  nowMs: number,
): Promise<boolean> {
  return (await ledger.createRecord(notificationRecord(memberId, key, notification, nowMs))).created;
}

/** How long a queued notification waits before the relay queues it again (its message was lost). */
const requeueAfterMs = 10 * 60_000;

/**
 * The relay's step for one pending notification: outside quiet hours, marks it queued and puts
 * it on the email queue. Returns false when it waits (quiet hours, or queued recently).
 */
export async function relayNotification(
  deps: NotificationDeps & { emailQueue: Queue<EmailMessage> },
  memberId: string,
  key: string,
): Promise<boolean> {
  const nowMs = deps.clock.nowMs();
  const program = await deps.programs.current();
  if (inQuietHours(nowMs, program.timeZone)) return false;
  const record = await deps.ledger.getRecord(OperationKind.notification, memberId, key);
  const data = record?.data;
  if (!data || data.status !== NotificationStatus.pending) return false;
  if (data.queuedAt && Date.parse(data.queuedAt) > nowMs - requeueAfterMs) return false;
  const queued = { ...record!, data: { ...data, queuedAt: new Date(nowMs).toISOString() } };
  if (!(await transitionRecord(deps.ledger, queued, NotificationStatus.pending))) return false;
  await deps.emailQueue.sendAll([{ memberId, key }]);
  return true;
}

/** The key unsubscribe links are signed with. */
export const unsubscribeSecret = (ledger: LedgerStore) => configSecret(ledger, 'email', 'unsubscribe-secret');

export async function unsubscribeUrl(ledger: LedgerStore, baseUrl: string, memberId: string) {
  return `${baseUrl.replace(/\/$/, '')}/v1/unsubscribe?token=${unsubscribeToken(memberId, await unsubscribeSecret(ledger))}`;
}

/**
 * The email sender's step: claims the notification (pending → sent), renders it in the member's
 * language and sends it through SES. Members without an email, unsubscribed or erased are skipped;
 * in quiet hours nothing is sent and the relay queues it again after 08:00. When SES fails the
 * claim is released and the error thrown, so SQS retries with backoff and finally dead-letters it.
 */
export async function sendNotification(
  deps: NotificationDeps & { mailer: Mailer; sender: string; baseUrl: string },
  message: EmailMessage,
): Promise<'sent' | 'skipped' | 'waiting' | 'done'> {
  if (message.memberCode) return sendMemberCode(deps, message, message.memberCode);
  const record = await deps.ledger.getRecord(OperationKind.notification, message.memberId, message.key);
  const data = record?.data;
  if (!record || !data || data.status !== NotificationStatus.pending) return 'done';
  const nowMs = deps.clock.nowMs();
  const program = await deps.programs.current();
  if (inQuietHours(nowMs, program.timeZone) && !data.urgent) return 'waiting';

  const profile = await deps.members.getProfile(message.memberId);
  // A notice to another address (the old one, of a contact change) is a security notice: it goes
  // whether or not the member has an email now or unsubscribed.
  const address = data.to ?? profile?.email ?? null;
  const skipReason = !profile
    ? 'member_not_found'
    : profile.status !== 'active'
      ? 'member_erased'
      : !address
        ? 'no_email'
        : profile.unsubscribed && !data.to
          ? 'unsubscribed'
          : null;
  const move = (from: NotificationStatus, next: NotificationData) =>
    transitionRecord(deps.ledger, { ...record, data: { ...next } }, from);
  const { to: _to, ...withoutAddress } = data;
  if (skipReason || !profile || !address) {
    await move(NotificationStatus.pending, {
      ...withoutAddress,
      status: NotificationStatus.skipped,
      reason: skipReason ?? 'no_email',
    });
    return 'skipped';
  }
  const sentAt = new Date(nowMs).toISOString();
  if (
    !(await move(NotificationStatus.pending, {
      ...withoutAddress,
      status: NotificationStatus.sent,
      sentAt,
    }))
  )
    return 'done';

  try {
    await deliver(
      deps,
      { memberId: profile.memberId, email: address, locale: profile.locale, name: profile.name },
      data.notification,
      `${message.memberId}/${message.key}`,
    );
    return 'sent';
  } catch (error) {
    await move(NotificationStatus.sent, { ...data, status: NotificationStatus.pending });
    throw error;
  }
}

async function deliver(
  deps: NotificationDeps & { mailer: Mailer; sender: string; baseUrl: string },
  profile: { memberId: string; email: string; locale: MemberProfile['locale']; name: string | null },
  notification: Notification,
  messageKey: string,
) {
  const program = await deps.programs.current();
  const link = await unsubscribeUrl(deps.ledger, deps.baseUrl, profile.memberId);
  const email = renderEmail(notification, {
    locale: profile.locale,
    name: profile.name,
    programmeName: program.name,
    timeZone: program.timeZone,
    currency: program.currency,
    unsubscribeUrl: link,
  });
  await deps.mailer.sendRaw({
    from: deps.sender,
    to: profile.email,
    raw: buildMime({ from: deps.sender, to: profile.email, ...email, unsubscribeUrl: link, messageKey }),
  });
}

/**
 * Sends a member code by email at once, in quiet hours too (the member is at the till): claimed
 * once per code by its record, released when SES fails so the retry sends it; an expired code is
 * not sent. The code is not stored: the record says only that it was sent.
 */
async function sendMemberCode(
  deps: NotificationDeps & { mailer: Mailer; sender: string; baseUrl: string },
  message: EmailMessage,
  memberCode: { code: string; expiresAt: string },
): Promise<'sent' | 'skipped' | 'done'> {
  const nowMs = deps.clock.nowMs();
  const expiresAtMs = Date.parse(memberCode.expiresAt);
  if (expiresAtMs <= nowMs) return 'skipped';
  const stored: Notification = { kind: 'memberCode', code: '', expiresAtMs };
  const claim = notificationRecord(message.memberId, message.key, stored, nowMs);
  const sending = {
    ...claim,
    data: { ...claim.data, status: NotificationStatus.sent, sentAt: new Date(nowMs).toISOString() },
  };
  const { created, record } = await deps.ledger.createRecord(sending);
  if (!created) {
    if (record.data.status !== NotificationStatus.pending) return 'done';
    if (!(await transitionRecord(deps.ledger, sending, NotificationStatus.pending))) return 'done';
  }
  const profile = await deps.members.getProfile(message.memberId);
  if (!profile?.email || profile.status !== 'active') return 'skipped';
  try {
    await deliver(
      deps,
      { memberId: profile.memberId, email: profile.email, locale: profile.locale, name: profile.name },
      { ...stored, code: memberCode.code },
      `${message.memberId}/${message.key}`,
    );
    return 'sent';
  } catch (error) {
    await transitionRecord(
      deps.ledger,
      { ...sending, data: { ...sending.data, status: NotificationStatus.pending } },
      NotificationStatus.sent,
    );
    throw error;
  }
}

/** The member an unsubscribe link is for, or null for a link that is not ours; changes nothing. */
export async function unsubscribeTarget(deps: NotificationDeps, token: string): Promise<string | null> {
  return verifyUnsubscribeToken(token, await unsubscribeSecret(deps.ledger));
}

/** Unsubscribes the member of a link (the confirm button, or an RFC 8058 one-click post). */
export async function unsubscribe(deps: NotificationDeps, token: string): Promise<string | null> {
  const memberId = await unsubscribeTarget(deps, token);
  if (!memberId) return null;
  return (await deps.members.unsubscribe(memberId)) ? memberId : null;
}
