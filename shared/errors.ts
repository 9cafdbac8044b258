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
  constructor(scope: string) {
    super(ErrorCode.forbidden, `This API key lacks the "${scope}" scope.`);
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
  constructor(message = 'The service is busy right now; retry the request with the same id in a second.') {
    super(ErrorCode.rateLimited, message);
  }
}

export class PayloadTooLarge extends DomainError {
  constructor(limitBytes: number) {
    super(ErrorCode.payloadTooLarge, `The request body exceeds ${limitBytes} bytes.`);
  }
}
