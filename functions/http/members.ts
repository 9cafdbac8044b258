import { adapters } from '../../shared/adapters/adapters.js';
import { enrolMemberBody, updateMemberBody } from '../../shared/api/members.js';
import { grants, Scope } from '../../shared/auth/scopes.js';
import type { HttpRequest } from '../../shared/http/httpFunction.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { pageRequestOf } from '../../shared/http/paging.js';
import { parse } from '../../shared/http/validate.js';
import { listTransactions } from '../../shared/useCases/ledgerReads.js';
import { enrolMember, eraseMember, getMember, updateMember } from '../../shared/useCases/members.js';
import { unsubscribe } from '../../shared/useCases/notifications.js';

const pii = ({ caller }: HttpRequest) => grants(caller.scopes, Scope.piiRead);

/** The small bilingual page an unsubscribe link answers. */
function unsubscribePage(memberId: string | null) {
  const [zh, en] = memberId
    ? [
        '您已退订会员邮件，今后不会再收到对账单和提醒。',
        'You are unsubscribed: no more statements or reminders will be sent.',
      ]
    : ['此退订链接无效或已过期。', 'This unsubscribe link is not valid.'];
  const body = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Unsubscribe</title></head><body style="font-family:-apple-system,'PingFang SC',Arial,sans-serif;max-width:480px;margin:48px auto;padding:0 16px;color:#222;"><p style="font-size:16px;">${zh}</p><p style="font-size:16px;">${en}</p></body></html>`;
  return { status: memberId ? 200 : 400, body, headers: { 'content-type': 'text/html; charset=utf-8' } };
}

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
    unsubscribe: async ({ query }) => unsubscribePage(await unsubscribe(adapters(), query.token ?? '')),
    unsubscribeOneClick: async ({ query }) =>
      unsubscribePage(await unsubscribe(adapters(), query.token ?? '')),
    listTransactions: async ({ params, query }) => ({
      status: 200,
      body: await listTransactions(adapters(), params.memberId!, pageRequestOf(query)),
    }),
  },
  () => adapters(),
);
