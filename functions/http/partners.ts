import { DynamoPartnerStore } from '../../shared/adapters/dynamodb/DynamoPartnerStore.js';
import { createPartnerBody, issueKeyBody } from '../../shared/api/partners.js';
import { keyAuthenticator } from '../../shared/auth/apiKeys.js';
import { businessClock } from '../../shared/clock.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { parse } from '../../shared/http/validate.js';
import { createPartner, issueKey, revokeKey } from '../../shared/useCases/partners.js';

let store: DynamoPartnerStore | undefined;
const partners = () => {
  store ??= new DynamoPartnerStore();
  return store;
};

export const handler = httpFunction(
  'partners',
  {
    createPartner: async ({ body, clock }) => {
      const { created, partner } = await createPartner(partners(), clock, parse(createPartnerBody, body));
      return { status: created ? 201 : 200, body: partner };
    },
    issueKey: async ({ body, params, clock }) => {
      const input = parse(issueKeyBody, body);
      const { revokedAt: _revoked, ...issued } = await issueKey(partners(), clock, {
        partnerId: params.partnerId!,
        ...input,
      });
      return { status: 201, body: issued };
    },
    revokeKey: async ({ params, clock }) => {
      await revokeKey(partners(), clock, params.partnerId!, params.keyId!);
      return { status: 204 };
    },
  },
  () => ({ authenticate: keyAuthenticator(partners()), clock: businessClock }),
);
