import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Caller } from '../core/caller.js';
import { businessClock, type Clock } from '../core/clock.js';
import { withDeadline } from '../core/deadline.js';
import { Forbidden, PayloadTooLarge, Unauthorized, ValidationFailed } from '../core/errors.js';
import { logger } from '../core/logger.js';
import { observed } from '../core/observability.js';
import { grants } from '../core/scopes.js';
import { type FunctionName, type OperationOf, type Route, routes } from '../system.js';
import { callerOfAuthorizerContext } from './authorizerContext.js';
import { bearerToken } from './bearerToken.js';
import { problemResponse, requestIdHeader } from './problem.js';

export const maxBodyBytes = 256 * 1024;

export interface HttpRequest {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body; `undefined` when the request had none. */
  readonly body: unknown;
  /** The authenticated caller; present on every route that needs a scope. */
  readonly caller: Caller;
  readonly clock: Clock;
  /** API Gateway's request id: the problem's `instance`, the `x-request-id` header, a key of every log line. */
  readonly requestId: string;
  /** This request's logger: every line carries the request id. */
  readonly logger: Logger;
  /** The request's headers, names in lower case (as API Gateway's payload 2.0 has them). */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type OperationHandler = (request: HttpRequest) => Promise<HttpResult>;

export interface HttpFunctionDeps {
  /** Resolves a bearer token to its caller, or `null` for an unknown or revoked key. */
  readonly authenticate: (bearerToken: string) => Promise<Caller | null>;
  readonly clock?: Clock;
}

const anonymous: Caller = { partnerId: '', keyId: '', scopes: [] };

/** The context of the API's Lambda authorizer, when one ran (shared/http/authorizerContext.ts). */
const authorizerContextOf = (event: APIGatewayProxyEventV2): unknown =>
  (event.requestContext as { authorizer?: { lambda?: unknown } } | undefined)?.authorizer?.lambda;

function parseBody(event: APIGatewayProxyEventV2): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > maxBodyBytes) throw new PayloadTooLarge(maxBodyBytes);
  const contentType = event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '';
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    // A form post (the unsubscribe page's button, RFC 8058 one-click): fields as strings.
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ValidationFailed(
      [{ path: '', message: 'The body is not valid JSON.' }],
      'The body is not valid JSON.',
    );
  }
}

function respond(result: HttpResult, requestId: string): APIGatewayProxyStructuredResultV2 {
  if (typeof result.body === 'string') {
    // A page (text/html and the like), sent as it is.
    return {
      statusCode: result.status,
      headers: {
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...result.headers,
        [requestIdHeader]: requestId,
      },
      body: result.body,
    };
  }
  const hasBody = result.body !== undefined;
  return {
    statusCode: result.status,
    headers: {
      ...(hasBody ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...result.headers,
      [requestIdHeader]: requestId,
    },
    body: hasBody ? JSON.stringify(result.body) : '',
  };
}

/**
 * Builds the Lambda handler of one HTTP function from its operations. The routes it serves,
 * and the scope each needs, come from shared/system.ts; the type requires one operation per route.
 */
export function httpFunction<F extends FunctionName>(
  fn: F,
  operations: { readonly [K in OperationOf<F>]: OperationHandler },
  deps: HttpFunctionDeps | (() => HttpFunctionDeps),
) {
  const routeByKey = new Map<string, Route>(
    routes.filter((route) => route.fn === fn).map((route) => [`${route.method} ${route.path}`, route]),
  );
  let resolved: HttpFunctionDeps | undefined;
  const depsOf = () => {
    resolved ??= typeof deps === 'function' ? deps() : deps;
    return resolved;
  };

  const serve = async (event: APIGatewayProxyEventV2, context?: Context) => {
    const startedMs = Date.now();
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? 'unknown';
    // A logger of this request alone: locally many requests share the process, and nothing is
    // left over for the next invocation.
    const log = logger.createChild();
    if (context) log.addContext(context);
    log.appendKeys({ requestId, routeKey: event.routeKey });
    const route = routeByKey.get(event.routeKey);
    let response: APIGatewayProxyStructuredResultV2;
    try {
      if (!route) throw new Error(`Route ${event.routeKey} is not served by function ${fn}`);
      const { authenticate, clock = businessClock } = depsOf();
      let caller = anonymous;
      if (route.scope !== null) {
        // The authorizer resolved the key already (in AWS, and through the local gateway);
        // without its context the function looks the key up itself.
        const resolved = callerOfAuthorizerContext(authorizerContextOf(event));
        const token = resolved === undefined ? bearerToken(event.headers) : null;
        const found = resolved !== undefined ? resolved : token ? await authenticate(token) : null;
        if (!found) throw new Unauthorized();
        log.appendKeys({ partnerId: found.partnerId, keyId: found.keyId });
        if (!grants(found.scopes, route.scope)) throw new Forbidden(route.scope);
        caller = found;
      }
      const handle = operations[route.operation as OperationOf<F>];
      // Retrying work answers 429 in time rather than being cut off by the function's timeout.
      const deadlineMs = context ? Date.now() + context.getRemainingTimeInMillis() : Number.POSITIVE_INFINITY;
      const result = await withDeadline(deadlineMs, () =>
        handle({
          route,
          params: (event.pathParameters ?? {}) as Record<string, string>,
          query: event.queryStringParameters ?? {},
          body: parseBody(event),
          caller,
          clock,
          requestId,
          logger: log,
          headers: Object.fromEntries(
            Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
          ),
        }),
      );
      response = respond(result, requestId);
    } catch (error) {
      response = problemResponse(error, requestId);
      if (response.statusCode === 500) log.error('Request failed', { error });
    }
    log.info('request', { status: response.statusCode, durationMs: Date.now() - startedMs });
    return response;
  };

  // Traced (X-Ray) and its business metrics published once per invocation (shared/observability.ts).
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(observed(serve));
}
