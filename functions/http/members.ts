import { adapters } from '../../shared/adapters/adapters.js';
import { enrolMemberBody, updateMemberBody } from '../../shared/api/members.js';
import { grants, Scope } from '../../shared/auth/scopes.js';
import type { HttpRequest } from '../../shared/http/httpFunction.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { pageRequestOf } from '../../shared/http/paging.js';
import { parse } from '../../shared/http/validate.js';
import { listTransactions } from '../../shared/useCases/ledgerReads.js';
import { enrolMember, eraseMember, getMember, updateMember } from '../../shared/useCases/members.js';

const pii = ({ caller }: HttpRequest) => grants(caller.scopes, Scope.piiRead);

export const handler = httpFunction(
  'members',
  {
    enrolMember: async (request) => {
      const { created, member } = await enrolMember(
        adapters(),
        parse(enrolMemberBody, request.body),
        pii(request),
      );
      return { status: created ? 201 : 200, body: member };
    },
    getMember: async (request) => ({
      status: 200,
      body: await getMember(adapters(), request.params.memberId!, pii(request), { includeErased: true }),
    }),
    updateMember: async (request) => ({
      status: 200,
      body: await updateMember(
        adapters(),
        request.params.memberId!,
        parse(updateMemberBody, request.body),
        pii(request),
      ),
    }),
    eraseMember: async (request) => {
      await eraseMember(adapters(), request.params.memberId!);
      return { status: 204 };
    },
    listTransactions: async ({ params, query }) => ({
      status: 200,
      body: await listTransactions(adapters(), params.memberId!, pageRequestOf(query)),
    }),
  },
  () => adapters(),
);
