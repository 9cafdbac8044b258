/**
 * Member presence at the till: the brand's app (or an email) gets a single-use code for the
 * member; a store spending the member's points must show it. Codes are stored only as keyed
 * hashes; wrong codes are counted per member and lock code checks for a while.
 */
import type { Clock } from '../clock.js';
import { AuditAction, auditEntry } from '../domain/audit.js';
import {
  type CodeGuardState,
  codeLifetimeMs,
  countFailure,
  isLocked,
  looksLikeMemberCode,
  MemberCodeChannel,
  memberCodeHash,
  newMemberCode,
  openGuard,
} from '../domain/memberCode.js';
import { Conflict, ErrorCode, MemberCodeInvalid, NotFound, RateLimited } from '../errors.js';
import type { Actor } from '../http/caller.js';
import {
  type LedgerStore,
  OperationExists,
  OperationKind,
  type OperationRecord,
  type RecordWrite,
  StaleRecord,
} from '../ports/LedgerStore.js';
import { MemberStatus, type MemberStore } from '../ports/MemberStore.js';
import type { Queue } from '../ports/Queue.js';
import type { EmailMessage } from './notifications.js';
import { configSecret } from './secrets.js';

export const MemberCodeStatus = { issued: 'issued', used: 'used' } as const;

export interface MemberCodeData {
  readonly status: (typeof MemberCodeStatus)[keyof typeof MemberCodeStatus];
  readonly memberId: string;
  readonly channel: MemberCodeChannel;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly ttlEpochSeconds: number;
  readonly usedAt?: string;
  readonly usedBy?: { readonly partnerId: string; readonly redemptionId: string };
}

export interface MemberCodeDeps {
  readonly ledger: LedgerStore;
  readonly members: MemberStore;
  readonly clock: Clock;
}

const codeScope = 'all';
const guardScope = 'member';
const iso = (ms: number) => new Date(ms).toISOString();

const codeSecret = (ledger: LedgerStore) => configSecret(ledger, 'security', 'member-code-secret');

/**
 * Issues a code: `app` answers it (valid 60 s); `email` sends it to the member's address (valid
 * 5 minutes) and answers only when it expires.
 */
export async function issueMemberCode(
  deps: MemberCodeDeps & { emailQueue: Queue<EmailMessage> },
  memberId: string,
  channel: MemberCodeChannel = MemberCodeChannel.app,
): Promise<{ code?: string; expiresAt: string }> {
  const profile = await deps.members.getProfile(memberId);
  if (!profile || profile.status !== MemberStatus.active) throw new NotFound(`Member "${memberId}"`);
  if (channel === MemberCodeChannel.email && !profile.email) {
    throw new Conflict(
      ErrorCode.invalidState,
      `Member "${memberId}" has no email address; ask for a code in the app instead.`,
    );
  }
  const secret = await codeSecret(deps.ledger);
  const nowMs = deps.clock.nowMs();
  const expiresAtMs = nowMs + codeLifetimeMs[channel];
  for (;;) {
    const code = newMemberCode();
    const hash = memberCodeHash(code, secret);
    const data: MemberCodeData = {
      status: MemberCodeStatus.issued,
      memberId,
      channel,
      issuedAt: iso(nowMs),
      expiresAt: iso(expiresAtMs),
      ttlEpochSeconds: Math.floor(expiresAtMs / 1000) + 86_400,
    };
    const { created } = await deps.ledger.createRecord({
      kind: OperationKind.memberCode,
      scope: codeScope,
      id: hash,
      data: { ...data },
    });
    if (!created) continue; // a collision among 10^18 codes: draw again
    if (channel === MemberCodeChannel.app) return { code, expiresAt: data.expiresAt };
    await deps.emailQueue.sendAll([
      { memberId, key: `code-${hash.slice(0, 16)}`, memberCode: { code, expiresAt: data.expiresAt } },
    ]);
    return { expiresAt: data.expiresAt };
  }
}

function guardStateOf(record: OperationRecord | null): { state: CodeGuardState; version: number } {
  if (!record) return { state: openGuard, version: 0 };
  const data = record.data as unknown as CodeGuardState & { version: number };
  return { state: { failuresMs: data.failuresMs, lockedUntilMs: data.lockedUntilMs }, version: data.version };
}

async function readGuard(ledger: LedgerStore, memberId: string) {
  return ledger.getRecord(OperationKind.codeGuard, guardScope, memberId);
}

async function assertNotLocked(ledger: LedgerStore, memberId: string, nowMs: number) {
  const { state } = guardStateOf(await readGuard(ledger, memberId));
  if (isLocked(state, nowMs)) {
    const seconds = Math.ceil((state.lockedUntilMs - nowMs) / 1000);
    throw new RateLimited(
      `Too many wrong member codes for member "${memberId}": code checks are locked until ${iso(state.lockedUntilMs)}.`,
      seconds,
    );
  }
}

/** Counts a wrong code against the member; the one that reaches the limit locks and is audited. */
async function countWrongCode(ledger: LedgerStore, memberId: string, actor: Actor, nowMs: number) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const record = await readGuard(ledger, memberId);
    const { state, version } = guardStateOf(record);
    const next = countFailure(state, nowMs);
    const data = {
      // The status carries the version, so every update is conditional on the state it read.
      status: `v${version + 1}`,
      version: version + 1,
      failuresMs: next.failuresMs,
      lockedUntilMs: next.lockedUntilMs,
    };
    const guard: OperationRecord = { kind: OperationKind.codeGuard, scope: guardScope, id: memberId, data };
    const write: RecordWrite = record
      ? { mode: 'transition', fromStatus: `v${version}`, record: guard }
      : { mode: 'create', record: guard };
    try {
      await ledger.commit({
        accounts: [],
        entries: [],
        records: [write],
        audit: next.justLocked
          ? [
              auditEntry(actor, AuditAction.memberCodesLocked, `member:${memberId}`, nowMs, {
                lockedUntil: iso(next.lockedUntilMs),
              }),
            ]
          : [],
      });
      return;
    } catch (error) {
      if (!(error instanceof StaleRecord || error instanceof OperationExists)) throw error;
    }
  }
}

export interface VerifiedMemberCode {
  readonly memberId: string;
  /** Marks the code used; goes in the same transaction as the spending. */
  readonly consume: RecordWrite;
}

/**
 * Checks a code from the till against the member it claims (when `memberId` is given) or finds
 * the member by it. A wrong, expired, used or other member's code is `member_code_invalid`, and
 * counts against the member named; a locked member is `rate_limited` whatever the code.
 */
export async function verifyMemberCode(
  deps: { ledger: LedgerStore; clock: Clock },
  input: { memberCode: string; memberId?: string },
  usedBy: { actor: Actor; redemptionId: string },
): Promise<VerifiedMemberCode> {
  const nowMs = deps.clock.nowMs();
  if (input.memberId) await assertNotLocked(deps.ledger, input.memberId, nowMs);
  const record = looksLikeMemberCode(input.memberCode)
    ? await deps.ledger.getRecord(
        OperationKind.memberCode,
        codeScope,
        memberCodeHash(input.memberCode, await codeSecret(deps.ledger)),
      )
    : null;
  const data = record?.data as unknown as MemberCodeData | undefined;
  const valid =
    record &&
    data &&
    data.status === MemberCodeStatus.issued &&
    Date.parse(data.expiresAt) > nowMs &&
    (!input.memberId || data.memberId === input.memberId);
  if (!valid) {
    if (input.memberId) await countWrongCode(deps.ledger, input.memberId, usedBy.actor, nowMs);
    throw new MemberCodeInvalid();
  }
  if (!input.memberId) await assertNotLocked(deps.ledger, data.memberId, nowMs);
  const used: MemberCodeData = {
    ...data,
    status: MemberCodeStatus.used,
    usedAt: iso(nowMs),
    usedBy: { partnerId: usedBy.actor.partnerId, redemptionId: usedBy.redemptionId },
  };
  return {
    memberId: data.memberId,
    consume: {
      mode: 'transition',
      fromStatus: MemberCodeStatus.issued,
      record: { ...record, data: { ...used } },
    },
  };
}
