import { actorOf } from '../../shared/core/caller.js';
import { pageRequestOf } from '../../shared/core/paging.js';
import { idSchema } from '../../shared/core/schemas.js';
import { parse } from '../../shared/core/validate.js';
import { issueKey, listKeys, revokeKey } from '../../shared/features/partners/keys.js';
import { createPartner, listPartners } from '../../shared/features/partners/partners.js';
import { createPartnerBody, issueKeyBody, saveStoreBody } from '../../shared/features/partners/schemas.js';
import { listStores, saveStore } from '../../shared/features/partners/stores.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { adapters } from '../../shared/wiring/adapters.js';

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
    saveStore: async ({ params, body, clock, caller }) => {
      const storeId = parse(idSchema, params.storeId, 'The store id');
      const { created, store } = await saveStore(
        adapters().partners,
        clock,
        actorOf(caller),
        params.partnerId!,
        storeId,
        parse(saveStoreBody, body),
      );
      return { status: created ? 201 : 200, body: store };
    },
    listStores: async ({ params, query }) => ({
      status: 200,
      body: await listStores(adapters().partners, params.partnerId!, pageRequestOf(query)),
    }),
    revokeKey: async ({ params, clock, caller }) => {
      await revokeKey(adapters().partners, clock, actorOf(caller), params.partnerId!, params.keyId!);
      return { status: 204 };
    },
  },
  () => adapters(),
);
