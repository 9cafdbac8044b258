import { adapters } from '../../shared/adapters/adapters.js';
import { createPartnerBody, issueKeyBody } from '../../shared/api/partners.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { parse } from '../../shared/http/validate.js';
import { createPartner, issueKey, revokeKey } from '../../shared/useCases/partners.js';

export const handler = httpFunction(
  'partners',
  {
    createPartner: async ({ body, clock }) => {
      const { created, partner } = await createPartner(
        adapters().partners,
        clock,
        parse(createPartnerBody, body),
      );
      return { status: created ? 201 : 200, body: partner };
    },
    issueKey: async ({ body, params, clock }) => {
      const input = parse(issueKeyBody, body);
      const { revokedAt: _revoked, ...issued } = await issueKey(adapters().partners, clock, {
        partnerId: params.partnerId!,
        ...input,
      });
      return { status: 201, body: issued };
    },
    revokeKey: async ({ params, clock }) => {
      await revokeKey(adapters().partners, clock, params.partnerId!, params.keyId!);
      return { status: 204 };
    },
  },
  () => adapters(),
);
