/**
 * Member presence at the till: the brand's app (or an email) gets a single-use code for the
 * member; a store spending the member's points must show it. Codes are stored only as keyed
 * hashes; wrong codes are counted per key and per member-and-partner, and lock code checks for a
 * while. Codes are minted only by keys of the operator partner (see `issueKey`).
 */

import type { Actor } from '../../core/caller.js';
import type { Clock } from '../../core/clock.js';
import { Conflict, ErrorCode, MemberCodeInvalid, NotFound, RateLimited } from '../../core/errors.js';
import {
  codeGuardStatus,
  MemberCodeStatus,
  OperationKind,
  type OperationRecord,
  type StatusOf,
} from '../../core/records.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import {
  type CodeGuardLimits,
  type CodeGuardState,
  codeGuard,
  codeLifetimeMs,
  countFailure,
  isLocked,
  keyCodeGuard,
  looksLikeMemberCode,
  MemberCodeChannel,
  memberCodeHash,
  newMemberCode,
  openGuard,
} from '../../domain/memberCode.js';
import { type LedgerStore, OperationExists, type RecordWrite, StaleRecord } from '../../ports/LedgerStore.js';
import { MemberStatus, type MemberStore } from '../../ports/MemberStore.js';
import type { Queue } from '../../ports/Queue.js';
import { configSecret } from '../ledger/secrets.js';
import type { EmailMessage } from '../notifications/emails.js';

declare module '../../core/records.js' {
  interface RecordDataByKind {
    MEMBERCODE: MemberCodeData;
    CODEGUARD: CodeGuardData;
  }
}

/** A code guard as stored: its state, and its version (which its status carries). */
export interface CodeGuardData extends CodeGuardState {
  readonly status: StatusOf<'CODEGUARD'>;
  readonly version: number;
  readonly ttlEpochSeconds: number;
}

export interface MemberCodeData {
  readonly status: MemberCodeStatus;
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

function guardStateOf(record: OperationRecord<'CODEGUARD'> | null): {
  state: CodeGuardState;
  version: number;
} {
  if (!record) return { state: openGuard, version: 0 };
  const { data } = record;
  return { state: { failuresMs: data.failuresMs, lockedUntilMs: data.lockedUntilMs }, version: data.version };
}

/**
 * A count of wrong codes that locks code checks: of one member as one partner sends them (so a
 * partner's guesses never lock the member for the others), or of one key whatever member it names.
 */
interface Guard {
  readonly scope: string;
  readonly id: string;
  readonly limits: CodeGuardLimits;
  /** The audit target when it locks. */
  readonly target: string;
  /** Says what is locked, for the 429. */
  readonly locked: string;
}

const memberGuard = (memberId: string, actor: Actor): Guard => ({
  scope: `member#${actor.partnerId}`,
  id: memberId,
  limits: codeGuard,
  target: `member:${memberId}`,
  locked: `Too many wrong member codes for member "${memberId}" from this partner`,
});

const keyGuard = (actor: Actor): Guard => ({
  scope: 'key',
  id: `${actor.partnerId}/${actor.keyId}`,
  limits: keyCodeGuard,
  target: `key:${actor.keyId}`,
  locked: 'Too many wrong member codes from this API key',
});

async function readGuard(ledger: LedgerStore, guard: Guard) {
  return ledger.getRecord(OperationKind.codeGuard, guard.scope, guard.id);
}

async function assertNotLocked(ledger: LedgerStore, guard: Guard, nowMs: number) {
  const { state } = guardStateOf(await readGuard(ledger, guard));
  if (isLocked(state, nowMs)) {
    const seconds = Math.ceil((state.lockedUntilMs - nowMs) / 1000);
    throw new RateLimited(
      `${guard.locked}: code checks are locked until ${iso(state.lockedUntilMs)}.`,
      seconds,
    );
  }
}

/** Counts a wrong code against a guard; the one that reaches the limit locks and is audited. */
async function countWrongCode(ledger: LedgerStore, guard: Guard, actor: Actor, nowMs: number) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const record = await readGuard(ledger, guard);
    const { state, version } = guardStateOf(record);
    const next = countFailure(state, nowMs, guard.limits);
    const data: CodeGuardData = {
      // The status carries the version, so every update is conditional on the state it read.
      status: codeGuardStatus(version + 1),
      version: version + 1,
      failuresMs: next.failuresMs,
      lockedUntilMs: next.lockedUntilMs,
      // Guards outlive their window and lock by a day at most.
      ttlEpochSeconds:
        Math.floor((Math.max(nowMs, next.lockedUntilMs) + guard.limits.windowMs) / 1000) + 86_400,
    };
    const written: OperationRecord<'CODEGUARD'> = {
      kind: OperationKind.codeGuard,
      scope: guard.scope,
      id: guard.id,
      data,
    };
    const write: RecordWrite = record
      ? { mode: 'transition', fromStatus: codeGuardStatus(version), record: written }
      : { mode: 'create', record: written };
    try {
      await ledger.commit({
        accounts: [],
        entries: [],
        records: [write],
        audit: next.justLocked
          ? [
              auditEntry(actor, AuditAction.memberCodesLocked, guard.target, nowMs, {
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
 * counts against the calling key and, when a member is named, against that member for the
 * caller's partner; a locked key, or a member locked for the caller's partner, is `rate_limited`
 * whatever the code.
 */
export async function verifyMemberCode(
  deps: { ledger: LedgerStore; clock: Clock },
  input: { memberCode: string; memberId?: string },
  usedBy: { actor: Actor; redemptionId: string },
): Promise<VerifiedMemberCode> {
  const nowMs = deps.clock.nowMs();
  const { actor } = usedBy;
  await Promise.all([
    assertNotLocked(deps.ledger, keyGuard(actor), nowMs),
    input.memberId ? assertNotLocked(deps.ledger, memberGuard(input.memberId, actor), nowMs) : null,
  ]);
  const record = looksLikeMemberCode(input.memberCode)
    ? await deps.ledger.getRecord(
        OperationKind.memberCode,
        codeScope,
        memberCodeHash(input.memberCode, await codeSecret(deps.ledger)),
      )
    : null;
  const data = record?.data;
  const valid =
    record &&
    data &&
    data.status === MemberCodeStatus.issued &&
    Date.parse(data.expiresAt) > nowMs &&
    (!input.memberId || data.memberId === input.memberId);
  if (!valid) {
    await Promise.all([
      countWrongCode(deps.ledger, keyGuard(actor), actor, nowMs),
      input.memberId ? countWrongCode(deps.ledger, memberGuard(input.memberId, actor), actor, nowMs) : null,
    ]);
    throw new MemberCodeInvalid();
  }
  if (!input.memberId) await assertNotLocked(deps.ledger, memberGuard(data.memberId, actor), nowMs);
  const used: MemberCodeData = {
    ...data,
    status: MemberCodeStatus.used,
    usedAt: iso(nowMs),
    usedBy: { partnerId: actor.partnerId, redemptionId: usedBy.redemptionId },
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
