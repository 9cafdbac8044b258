import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../local/apiGateway.js';
import type { Invoker } from '../../local/lambda.js';
import { type FunctionDescription, httpAuthorizer, routes } from '../../shared/system.js';

const calls: { fn: FunctionDescription; event: Record<string, unknown> }[] = [];
let authorizerAnswer: unknown = { isAuthorized: true, context: { keyId: '-' } };
let authorizerFails = false;

const invoke: Invoker = async (fn, event) => {
  calls.push({ fn, event: event as Record<string, unknown> });
  if (fn === httpAuthorizer) {
    if (authorizerFails) throw new Error('authorizer down');
    return authorizerAnswer;
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
};

const scoped = routes.find(
  (route) => route.scope !== null && route.method === 'GET' && !route.path.includes('{'),
)!;
const open = routes.find((route) => route.scope === null && route.method === 'GET')!;
const server = createGateway({ invoke });
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the local API gateway', () => {
  it('runs the key authorizer before a route that needs a key and hands its context to the function', async () => {
    calls.length = 0;
    authorizerAnswer = {
      isAuthorized: true,
      context: { partnerId: 'p-1', keyId: 'key_1', scopes: '["admin"]', storeIds: 'null' },
    };
    const response = await fetch(`${base}${scoped.path}`, { headers: { authorization: 'Bearer jf_x' } });
    expect(response.status).toBe(200);
    expect(calls.map((call) => call.fn === httpAuthorizer)).toEqual([true, false]);
    const [authorizerCall, functionCall] = calls;
    expect(authorizerCall!.event).toMatchObject({
      type: 'REQUEST',
      routeKey: `${scoped.method} ${scoped.path}`,
      headers: { authorization: 'Bearer jf_x' },
      identitySource: [],
    });
    const event = functionCall!.event as unknown as APIGatewayProxyEventV2 & {
      requestContext: { authorizer: { lambda: unknown } };
    };
    expect(event.requestContext.authorizer.lambda).toEqual({
      partnerId: 'p-1',
      keyId: 'key_1',
      scopes: '["admin"]',
      storeIds: 'null',
    });
    // One request id for the authorizer, the function and API Gateway's header.
    expect((authorizerCall!.event.requestContext as { requestId: string }).requestId).toBe(
      event.requestContext.requestId,
    );
    expect(response.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
  });

  it('runs no authorizer before a route that needs no key', async () => {
    calls.length = 0;
    const response = await fetch(`${base}${open.path}`);
    expect(response.status).toBe(200);
    expect(calls.map((call) => call.fn === httpAuthorizer)).toEqual([false]);
  });

  it('answers 500 problem+json with the request id when the authorizer fails', async () => {
    authorizerFails = true;
    try {
      const response = await fetch(`${base}${scoped.path}`);
      expect(response.status).toBe(500);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ code: 'internal_error', instance: response.headers.get('x-request-id') });
    } finally {
      authorizerFails = false;
    }
  });

  it('names the request in its own problems: no route, wrong method, too large', async () => {
    const notFound = await fetch(`${base}/v1/nothing-here`);
    expect(notFound.status).toBe(404);
    const notFoundBody = (await notFound.json()) as Record<string, unknown>;
    expect(notFoundBody.instance).toEqual(expect.any(String));
    expect(notFound.headers.get('x-request-id')).toBe(notFoundBody.instance);

    const wrongMethod = await fetch(`${base}${open.path}`, { method: 'PATCH' });
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as Record<string, unknown>).instance).toBe(
      wrongMethod.headers.get('x-request-id'),
    );

    // A body declared above API Gateway's 10 MB is refused before it is read.
    const tooLarge = await new Promise<{ status: number; requestId: string; body: string }>(
      (resolve, reject) => {
        const request = httpRequest(`${base}${scoped.path}`, {
          method: 'POST',
          headers: { 'content-length': String(11 * 1024 * 1024) },
        });
        request.on('response', (response) => {
          let body = '';
          response.on('data', (chunk) => {
            body += String(chunk);
          });
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              requestId: String(response.headers['x-request-id']),
              body,
            }),
          );
        });
        request.on('error', reject);
        request.flushHeaders();
      },
    );
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body)).toMatchObject({
      code: 'payload_too_large',
      instance: tooLarge.requestId,
    });
  });
});
