/**
 * The Lambda authorizer of the HTTP API (shared/system.ts `httpAuthorizer`): resolves the bearer
 * key with the same authenticator as the functions (keys cached 60 s) and always allows the
 * request, with the caller, or `keyId: '-'`, as its context. The function answers 401 or 403 as
 * problem+json; API Gateway writes the key id into the access log. If the key cannot be looked
 * up (DynamoDB throttled), it passes no context and the function authenticates by itself.
 */
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { DynamoPartnerStore } from '../../shared/adapters/dynamodb/DynamoPartnerStore.js';
import type { Caller } from '../../shared/core/caller.js';
import { errorSummary, logger } from '../../shared/core/logger.js';
import { observed } from '../../shared/core/observability.js';
import { keyAuthenticator } from '../../shared/features/partners/apiKeys.js';
import { type AuthorizerContext, authorizerContextOf } from '../../shared/http/authorizerContext.js';
import { bearerToken } from '../../shared/http/bearerToken.js';

// Only the key store: this runs before every request that needs a key, so it stays small.
let authenticate: ((token: string) => Promise<Caller | null>) | undefined;
const authenticator = () => {
  authenticate ??= keyAuthenticator(new DynamoPartnerStore());
  return authenticate;
};

export const handler = observed(
  async (
    event: APIGatewayRequestAuthorizerEventV2,
  ): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext | Record<string, never>>> => {
    const token = bearerToken(event.headers);
    try {
      const caller = token ? await authenticator()(token) : null;
      return { isAuthorized: true, context: authorizerContextOf(caller) };
    } catch (error) {
      logger.warn('The key could not be resolved; the function authenticates the request', {
        requestId: event.requestContext?.requestId,
        error: errorSummary(error),
      });
      return { isAuthorized: true, context: {} };
    }
  },
);
