import { actorOf } from '../../shared/core/caller.js';
import { pageRequestOf } from '../../shared/core/paging.js';
import { grants, operatorPartnerId, Scope } from '../../shared/core/scopes.js';
import { parse } from '../../shared/core/validate.js';
import { enrolMember } from '../../shared/features/members/enrol.js';
import { eraseMember } from '../../shared/features/members/erase.js';
import { listTransactions } from '../../shared/features/members/history.js';
import { getMember, updateMember } from '../../shared/features/members/profile.js';
import {
  enrolMemberBody,
  issueMemberCodeBody,
  updateMemberBody,
} from '../../shared/features/members/schemas.js';
import { unsubscribe, unsubscribeTarget } from '../../shared/features/notifications/emails.js';
import { unsubscribePage } from '../../shared/features/notifications/unsubscribePage.js';
import { issueMemberCode } from '../../shared/features/redemptions/memberCodes.js';
import type { HttpRequest } from '../../shared/http/httpFunction.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { adapters, emailQueue } from '../../shared/wiring/adapters.js';

const pii = ({ caller }: HttpRequest) => grants(caller.scopes, Scope.piiRead);

export const handler = httpFunction(
  'members',
  {
    enrolMember: async (request) => {
      const { created, member } = await enrolMember(
        adapters(),
        parse(enrolMemberBody, request.body),
        pii(request),
        { partnerId: request.caller.partnerId },
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
        { ...adapters(), emailQueue: emailQueue() },
        request.params.memberId!,
        parse(updateMemberBody, request.body),
        pii(request),
        {
          actor: actorOf(request.caller),
          mayChangeIdentity: grants(request.caller.scopes, Scope.membersIdentity),
        },
      ),
    }),
    eraseMember: async ({ params, caller }) => {
      await eraseMember(adapters(), actorOf(caller), params.memberId!);
      return { status: 204 };
    },
    issueMemberCode: async ({ params, body }) => {
      const { channel } = parse(issueMemberCodeBody, body ?? {});
      const issued = await issueMemberCode(
        { ...adapters(), emailQueue: emailQueue() },
        params.memberId!,
        channel,
      );
      return { status: channel === 'email' ? 202 : 201, body: issued };
    },
    // Opening the link changes nothing: mail scanners open links. The page's button posts.
    unsubscribe: async ({ query }) =>
      unsubscribePage((await unsubscribeTarget(adapters(), query.token ?? '')) ? 'confirm' : 'invalid'),
    unsubscribeOneClick: async ({ query }) =>
      unsubscribePage((await unsubscribe(adapters(), query.token ?? '')) ? 'done' : 'invalid'),
    listTransactions: async ({ params, query, caller }) => ({
      status: 200,
      body: await listTransactions(adapters(), params.memberId!, pageRequestOf(query), {
        partnerId: caller.partnerId,
        seesEveryPartner: caller.partnerId === operatorPartnerId || grants(caller.scopes, Scope.admin),
      }),
    }),
  },
  () => adapters(),
);
