/**
 * The API contract of one route, beside the route in its feature's routes.ts: what its request
 * may hold, what it answers and which errors are its own. The OpenAPI document is built from it.
 */
import type * as z from 'zod';
import type { ErrorCode } from './errors.js';

export interface OperationSchemas {
  readonly body?: z.ZodType;
  /** Query parameters, beyond the paging ones of `paged`. */
  readonly query?: z.ZodObject;
  /** Success status and body; a missing body means an empty response. */
  readonly status: number;
  readonly response?: z.ZodType;
  readonly paged?: true;
  /** Other success statuses answering the same body: 200 for a replay that changes nothing, … */
  readonly otherStatuses?: readonly number[];
  /**
   * The error codes of the operation itself (`not_found`, `member_exists`, …). The OpenAPI document
   * adds the ones every route of its kind can answer: `validation_failed` for input,
   * `unauthorized`, `forbidden` and `rate_limited` for a key, `payload_too_large` for a body.
   */
  readonly errors?: readonly ErrorCode[];
  /** The answer is an HTML page for a person (an email's link): the success status, or 400 for a bad link. */
  readonly html?: true;
  /** A report: it answers `text/csv` instead of JSON when the request's `Accept` asks for it. */
  readonly csv?: true;
}
