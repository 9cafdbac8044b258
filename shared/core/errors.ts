/**
 * Typed domain errors with stable machine codes. They are mapped to problem+json in one place
 * (shared/http/problem.ts); nothing else decides an error's status.
 */
export const ErrorCode = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  validationFailed: 'validation_failed',
  notFound: 'not_found',
  memberExists: 'member_exists',
  partnerExists: 'partner_exists',
  idempotencyConflict: 'idempotency_conflict',
  insufficientPoints: 'insufficient_points',
  rewardOutOfStock: 'reward_out_of_stock',
  rewardNotEligible: 'reward_not_eligible',
  activityLimitReached: 'activity_limit_reached',
  couponAlreadyUsed: 'coupon_already_used',
  invalidState: 'invalid_state',
  payloadTooLarge: 'payload_too_large',
  rateLimited: 'rate_limited',
  memberCodeInvalid: 'member_code_invalid',
  claimWindowClosed: 'claim_window_closed',
  sameApprover: 'same_approver',
  unknownStore: 'unknown_store',
  methodNotAllowed: 'method_not_allowed',
  unsupportedMediaType: 'unsupported_media_type',
  internal: 'internal_error',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: readonly FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Unauthorized extends DomainError {
  constructor(message = 'A valid API key is required: send "Authorization: Bearer <key>".') {
    super(ErrorCode.unauthorized, message);
  }
}

export class Forbidden extends DomainError {
  constructor(scope: string | null, message?: string) {
    super(ErrorCode.forbidden, message ?? `This API key lacks the "${scope}" scope.`);
  }
}

export class ValidationFailed extends DomainError {
  constructor(fieldErrors: readonly FieldError[], message = 'The request is not valid.') {
    super(ErrorCode.validationFailed, message, fieldErrors);
  }
}

export class NotFound extends DomainError {
  constructor(what: string) {
    super(ErrorCode.notFound, `${what} was not found.`);
  }
}

export class Conflict extends DomainError {}

export class IdempotencyConflict extends DomainError {
  constructor(idName: string, id: string, differences: readonly string[]) {
    super(
      ErrorCode.idempotencyConflict,
      `${idName} "${id}" was already used with a different request` +
        (differences.length > 0 ? ` (differs in: ${differences.join(', ')}).` : '.'),
    );
  }
}

/** Too much at once: DynamoDB throttled us, or one account is too busy. Safe to retry with the same id. */
export class RateLimited extends DomainError {
  constructor(
    message = 'The service is busy right now; retry the request with the same id in a second.',
    readonly retryAfterSeconds = 1,
  ) {
    super(ErrorCode.rateLimited, message);
  }
}

/** Spending needs the member's code from the till, and this one is wrong, expired, used or another member's. */
export class MemberCodeInvalid extends DomainError {
  constructor(
    message = 'The member code is not valid: it is wrong, expired, already used or another member’s.',
  ) {
    super(ErrorCode.memberCodeInvalid, message);
  }
}

/** The event is older than the programme lets a store claim. */
export class ClaimWindowClosed extends DomainError {
  constructor(days: number) {
    super(
      ErrorCode.claimWindowClosed,
      `occurredAt is more than ${days} days ago; the programme's claim window is closed for it.`,
    );
  }
}

export class PayloadTooLarge extends DomainError {
  constructor(limitBytes: number) {
    super(ErrorCode.payloadTooLarge, `The request body exceeds ${limitBytes} bytes.`);
  }
}

/** Refuses an event dated in the future (400) or older than the claim window (422). */
export function assertClaimable(verdict: 'open' | 'future' | 'closed', claimWindowDays: number): void {
  if (verdict === 'future') {
    throw new ValidationFailed([
      {
        path: 'occurredAt',
        message: 'occurredAt is in the future (more than 5 minutes ahead of our clock).',
      },
    ]);
  }
  if (verdict === 'closed') throw new ClaimWindowClosed(claimWindowDays);
}
