import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, ErrorCode, type FieldError, RateLimited } from '../core/errors.js';

const statusByCode: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  validation_failed: 400,
  not_found: 404,
  member_exists: 409,
  partner_exists: 409,
  idempotency_conflict: 409,
  insufficient_points: 422,
  reward_out_of_stock: 409,
  reward_not_eligible: 422,
  activity_limit_reached: 422,
  coupon_already_used: 409,
  invalid_state: 409,
  payload_too_large: 413,
  rate_limited: 429,
  member_code_invalid: 422,
  claim_window_closed: 422,
  same_approver: 403,
  unknown_store: 422,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  internal_error: 500,
};

const titleByCode: Record<ErrorCode, string> = {
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  validation_failed: 'Validation failed',
  not_found: 'Not found',
  member_exists: 'Member exists',
  partner_exists: 'Partner exists',
  idempotency_conflict: 'Idempotency conflict',
  insufficient_points: 'Insufficient points',
  reward_out_of_stock: 'Reward out of stock',
  reward_not_eligible: 'Reward not eligible',
  activity_limit_reached: 'Activity limit reached',
  coupon_already_used: 'Coupon already used',
  invalid_state: 'Invalid state',
  payload_too_large: 'Payload too large',
  rate_limited: 'Rate limited',
  member_code_invalid: 'Member code invalid',
  claim_window_closed: 'Claim window closed',
  same_approver: 'Same approver',
  unknown_store: 'Unknown store',
  method_not_allowed: 'Method not allowed',
  unsupported_media_type: 'Unsupported media type',
  internal_error: 'Internal error',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  errors?: readonly FieldError[];
  /** The request id (API Gateway's), also in the `x-request-id` header and in every log line of the request. */
  instance?: string;
}

/** The response header that carries the request id. */
export const requestIdHeader = 'x-request-id';

export function problemOf(
  code: ErrorCode,
  detail?: string,
  errors?: readonly FieldError[],
  instance?: string,
): Problem {
  return {
    type: `https://jifen.dev/problems/${code}`,
    title: titleByCode[code],
    status: statusByCode[code],
    code,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(instance ? { instance } : {}),
  };
}

const throttlingNames = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/** Whether an AWS SDK error (after the SDK's own retries) says we were throttled. */
export function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const retryable = (error as { $retryable?: { throttling?: boolean } }).$retryable;
  if (retryable?.throttling || throttlingNames.has(error.name)) return true;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.some((reason) => reason.Code === 'ThrottlingError') ?? false;
}

/**
 * The one place errors become HTTP responses, each naming its request (`instance` and
 * `x-request-id`: the id to quote to the operator, who finds it in the logs). Unknown errors
 * never leak their message or stack.
 */
export function problemResponse(error: unknown, requestId: string): APIGatewayProxyStructuredResultV2 {
  const known = isThrottling(error) ? new RateLimited() : error;
  const problem =
    known instanceof DomainError
      ? problemOf(known.code, known.message, known.fieldErrors, requestId)
      : problemOf(
          ErrorCode.internal,
          'Something went wrong on our side; the request may be retried.',
          undefined,
          requestId,
        );
  return {
    statusCode: problem.status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      [requestIdHeader]: requestId,
      ...(problem.code === ErrorCode.rateLimited
        ? { 'retry-after': String(known instanceof RateLimited ? known.retryAfterSeconds : 1) }
        : {}),
    },
    body: JSON.stringify(problem),
  };
}
