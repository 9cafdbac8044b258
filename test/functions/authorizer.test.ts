import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/http/authorizer.js';
import { Scope } from '../../shared/core/scopes.js';
import { callerOfAuthorizerContext } from '../../shared/http/authorizerContext.js';
import { admin, call, partnerKey } from './harness.js';

const eventWith = (headers: Record<string, string>) =>
  ({
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:us-east-1:000000000000:api/$default/GET/v1/members/m-1',
    identitySource: [],
    routeKey: 'GET /v1/members/{memberId}',
    rawPath: '/v1/members/m-1',
    rawQueryString: '',
    headers,
    requestContext: { requestId: 'req-1' },
  }) as unknown as APIGatewayRequestAuthorizerEventV2;

describe('the key authorizer', () => {
  it('passes a valid key’s caller in its context, lists as JSON', async () => {
    const till = await partnerKey([Scope.membersRead]);
    const answer = await handler(eventWith({ authorization: `Bearer ${till.key}` }));
    expect(answer).toEqual({
      isAuthorized: true,
      context: {
        partnerId: till.partnerId,
        keyId: till.keyId,
        scopes: JSON.stringify([Scope.membersRead]),
        storeIds: 'null',
      },
    });
    expect(callerOfAuthorizerContext(answer.context)).toEqual({
      partnerId: till.partnerId,
      keyId: till.keyId,
      scopes: [Scope.membersRead],
      storeIds: null,
    });
  });

  it('allows a request without a key, or with an unknown one, with key id "-": the function answers 401', async () => {
    const requests: Record<string, string>[] = [
      {},
      { authorization: 'Bearer jf_unknown' },
      { authorization: 'Basic eDp5' },
    ];
    for (const headers of requests) {
      expect(await handler(eventWith(headers))).toEqual({ isAuthorized: true, context: { keyId: '-' } });
    }
  });

  it('stops passing a revoked key at once in the process that revoked it', async () => {
    const till = await partnerKey([Scope.membersRead]);
    const before = await handler(eventWith({ authorization: `Bearer ${till.key}` }));
    expect(before.context).toMatchObject({ keyId: till.keyId });
    const revoked = await call('DELETE', `/v1/partners/${till.partnerId}/keys/${till.keyId}`, {
      key: await admin(),
    });
    expect(revoked.status).toBe(204);
    expect(await handler(eventWith({ authorization: `Bearer ${till.key}` }))).toEqual({
      isAuthorized: true,
      context: { keyId: '-' },
    });
  });
});
