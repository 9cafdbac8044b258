import { adapters } from '../../shared/adapters/adapters.js';
import { createPartnerBody, issueKeyBody } from '../../shared/api/partners.js';
import { actorOf } from '../../shared/http/caller.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { parse } from '../../shared/http/validate.js';
import {
  createPartner,
  issueKey,
  listKeys,
  listPartners,
  revokeKey,
} from '../../shared/useCases/partners.js';

export const handler = httpFunction(
  'partners',
  {
    createPartner: async ({ body, clock, caller }) => {
      const { created, partner } = await createPartner(
        adapters().partners,
        clock,
        actorOf(caller),
        parse(createPartnerBody, body),
      );
      return { status: created ? 201 : 200, body: partner };
    },
    listPartners: async () => ({ status: 200, body: await listPartners(adapters().partners) }),
    issueKey: async ({ body, params, clock, caller }) => {
      const input = parse(issueKeyBody, body);
      const { revokedAt: _revoked, ...issued } = await issueKey(adapters().partners, clock, actorOf(caller), {
        partnerId: params.partnerId!,
        ...input,
      });
      return { status: 201, body: issued };
    },
    listKeys: async ({ params }) => ({
      status: 200,
      body: await listKeys(adapters().partners, params.partnerId!),
    }),
    whoAmI: async ({ caller }) => ({
      status: 200,
      body: {
        partnerId: caller.partnerId,
        keyId: caller.keyId,
        scopes: caller.scopes,
        storeIds: caller.storeIds ?? null,
      },
    }),
    revokeKey: async ({ params, clock, caller }) => {
      await revokeKey(adapters().partners, clock, actorOf(caller), params.partnerId!, params.keyId!);
      return { status: 204 };
    },
  },
  () => adapters(),
);
