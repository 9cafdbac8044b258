import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Request lines are logged at INFO; this file reads them.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

import { lambdaContext } from '../../local/lambda.js';
import type { Caller } from '../../shared/core/caller.js';
import { Scope } from '../../shared/core/scopes.js';
import { authorizerContextOf } from '../../shared/http/authorizerContext.js';
import { httpFunction, type OperationHandler } from '../../shared/http/httpFunction.js';
import { functions, routes } from '../../shared/system.js';

const adminRoute = routes.find((route) => route.fn === 'partners' && route.scope === Scope.admin)!;
const admin: Caller = { partnerId: 'p-1', keyId: 'key_admin', scopes: [Scope.admin], storeIds: null };
const till: Caller = { partnerId: 'p-2', keyId: 'key_till', scopes: [Scope.pointsEarn], storeIds: ['s-1'] };

function eventFor(options: {
  requestId: string;
  authorizer?: unknown;
  key?: string;
}): APIGatewayProxyEventV2 {
  const routeKey = `${adminRoute.method} ${adminRoute.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: adminRoute.path,
    rawQueryString: '',
    headers: options.key ? { authorization: `Bearer ${options.key}` } : {},
    requestContext: {
      requestId: options.requestId,
      routeKey,
      http: {
        method: adminRoute.method,
        path: adminRoute.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 't',
      },
      stage: '$default',
      timeEpoch: Date.now(),
      ...(options.authorizer === undefined ? {} : { authorizer: { lambda: options.authorizer } }),
    },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

let output: string[] = [];
beforeEach(() => {
  output = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});
const logLines = () =>
  output
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function handlerWith(operation: OperationHandler) {
  const authenticate = vi.fn(async (token: string) => (token === 'jf_admin' ? admin : null));
  // Every operation of the function answers with `operation`.
  const operations = new Proxy({}, { get: () => operation }) as never;
  const handler = httpFunction('partners', operations, { authenticate });
  const invoke = async (event: APIGatewayProxyEventV2) =>
    (await handler(event, lambdaContext(functions.partners))) as APIGatewayProxyStructuredResultV2;
  return { authenticate, invoke };
}

const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(String(response.body));

describe('an HTTP function behind the key authorizer', () => {
  it('takes the caller from the authorizer context without looking the key up', async () => {
    const seen: Caller[] = [];
    const { authenticate, invoke } = handlerWith(async ({ caller }) => {
      seen.push(caller);
      return { status: 200, body: { ok: true } };
    });
    const response = await invoke(eventFor({ requestId: 'req-ok', authorizer: authorizerContextOf(admin) }));
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'x-request-id': 'req-ok' });
    expect(seen).toEqual([admin]);
    expect(authenticate).not.toHaveBeenCalled();
    const stores = await invoke(eventFor({ requestId: 'req-2', authorizer: authorizerContextOf(till) }));
    expect(stores.statusCode).toBe(403);
  });

  it('answers 401 problem+json, naming the request, when the authorizer found no valid key', async () => {
    const { authenticate, invoke } = handlerWith(async () => ({ status: 200 }));
    const response = await invoke(
      eventFor({ requestId: 'req-401', authorizer: { keyId: '-' }, key: 'jf_admin' }),
    );
    expect(response.statusCode).toBe(401);
    expect(response.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'x-request-id': 'req-401',
    });
    expect(bodyOf(response)).toMatchObject({ code: 'unauthorized', instance: 'req-401' });
    expect(authenticate).not.toHaveBeenCalled();
  });

  it('answers 403 problem+json when the key lacks the scope', async () => {
    const { invoke } = handlerWith(async () => ({ status: 200 }));
    const response = await invoke(eventFor({ requestId: 'req-403', authorizer: authorizerContextOf(till) }));
    expect(response.statusCode).toBe(403);
    expect(bodyOf(response)).toMatchObject({ code: 'forbidden', instance: 'req-403' });
  });

  it('authenticates by itself without an authorizer context (or with one it cannot read)', async () => {
    const { authenticate, invoke } = handlerWith(async () => ({ status: 204 }));
    expect((await invoke(eventFor({ requestId: 'r1', key: 'jf_admin' }))).statusCode).toBe(204);
    expect((await invoke(eventFor({ requestId: 'r2', authorizer: {}, key: 'jf_admin' }))).statusCode).toBe(
      204,
    );
    expect((await invoke(eventFor({ requestId: 'r3', key: 'jf_other' }))).statusCode).toBe(401);
    expect(authenticate).toHaveBeenCalledTimes(3);
  });

  it('puts the request id on every log line of the request, and none on the next', async () => {
    const { invoke } = handlerWith(async ({ requestId, logger }) => {
      logger.info('working', { requestIdSeen: requestId });
      throw new Error('boom');
    });
    const failed = await invoke(eventFor({ requestId: 'req-500', authorizer: authorizerContextOf(admin) }));
    expect(failed.statusCode).toBe(500);
    expect(bodyOf(failed)).toMatchObject({ code: 'internal_error', instance: 'req-500' });
    const first = logLines();
    expect(first.map((line) => line.message)).toEqual(['working', 'Request failed', 'request']);
    for (const line of first) {
      expect(line).toMatchObject({ requestId: 'req-500', keyId: 'key_admin', routeKey: expect.any(String) });
    }
    output = [];
    await invoke(eventFor({ requestId: 'req-next', authorizer: { keyId: '-' } }));
    const next = logLines();
    expect(next.length).toBeGreaterThan(0);
    for (const line of next) {
      expect(line.requestId).toBe('req-next');
      expect(line).not.toHaveProperty('keyId');
    }
  });
});
