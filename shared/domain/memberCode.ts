/**
 * Member codes: what a member shows at the till so that a store can spend their points. A code is
 * 18 random digits, single use, valid briefly, and stored only as a keyed hash. Guessing is
 * bounded per member and partner, and per key: too many wrong codes in a window lock code checks
 * for a while.
 */
import { createHmac, randomInt } from 'node:crypto';

export const MemberCodeChannel = { app: 'app', email: 'email' } as const;
export type MemberCodeChannel = (typeof MemberCodeChannel)[keyof typeof MemberCodeChannel];

export const codeDigits = 18;

/** How long a code is valid: shown in the app at the till, or sent by email. */
export const codeLifetimeMs: Readonly<Record<MemberCodeChannel, number>> = {
  app: 60_000,
  email: 5 * 60_000,
};

export interface CodeGuardLimits {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly lockMs: number;
}

/**
 * Wrong codes for one member, sent by one partner, within `windowMs` that lock code checks of that
 * member for that partner for `lockMs` (one partner's guesses never lock the member for others).
 */
export const codeGuard: CodeGuardLimits = { maxFailures: 10, windowMs: 10 * 60_000, lockMs: 15 * 60_000 };

/** Wrong codes from one key (for any member, or none named) that lock the key's code checks. */
export const keyCodeGuard: CodeGuardLimits = { maxFailures: 20, windowMs: 10 * 60_000, lockMs: 15 * 60_000 };

/** 18 uniformly random decimal digits (about 60 bits), from the operating system's CSPRNG. */
export function newMemberCode(): string {
  let code = '';
  for (let i = 0; i < codeDigits; i++) code += String(randomInt(10));
  return code;
}

/** The stored form of a code: HMAC-SHA256 under the programme's secret, so a table dump reveals nothing usable. */
export function memberCodeHash(code: string, secret: string): string {
  return createHmac('sha256', secret).update(code, 'utf8').digest('hex');
}

export function looksLikeMemberCode(code: string): boolean {
  return new RegExp(`^\\d{${codeDigits}}$`).test(code);
}

export interface CodeGuardState {
  /** Times of the wrong codes still inside the window, oldest first. */
  readonly failuresMs: readonly number[];
  readonly lockedUntilMs: number;
}

export const openGuard: CodeGuardState = { failuresMs: [], lockedUntilMs: 0 };

export function isLocked(state: CodeGuardState, nowMs: number): boolean {
  return state.lockedUntilMs > nowMs;
}

/** Counts one wrong code: the window slides, and the failure that reaches the limit locks. */
export function countFailure(
  state: CodeGuardState,
  nowMs: number,
  limits: CodeGuardLimits = codeGuard,
): CodeGuardState & { justLocked: boolean } {
  const recent = [...state.failuresMs.filter((at) => at > nowMs - limits.windowMs), nowMs].slice(
    -limits.maxFailures,
  );
  const locks = recent.length >= limits.maxFailures && !isLocked(state, nowMs);
  return {
    failuresMs: locks ? [] : recent,
    lockedUntilMs: locks ? nowMs + limits.lockMs : state.lockedUntilMs,
    justLocked: locks,
  };
}
