import { DynamoMemberStore } from '../../shared/adapters/dynamodb/DynamoMemberStore.js';
import { DynamoPartnerStore } from '../../shared/adapters/dynamodb/DynamoPartnerStore.js';
import { enrolMemberBody, updateMemberBody } from '../../shared/api/members.js';
import { keyAuthenticator } from '../../shared/auth/apiKeys.js';
import { grants, Scope } from '../../shared/auth/scopes.js';
import { businessClock } from '../../shared/clock.js';
import { referenceProgram } from '../../shared/domain/program.js';
import type { HttpRequest } from '../../shared/http/httpFunction.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { parse } from '../../shared/http/validate.js';
import {
  enrolMember,
  eraseMember,
  getMember,
  type MembersDeps,
  updateMember,
} from '../../shared/useCases/members.js';

let deps: MembersDeps | undefined;
const members = () => {
  deps ??= {
    members: new DynamoMemberStore(),
    clock: businessClock,
    program: async () => referenceProgram,
  };
  return deps;
};

const pii = ({ caller }: HttpRequest) => grants(caller.scopes, Scope.piiRead);

export const handler = httpFunction(
  'members',
  {
    enrolMember: async (request) => {
      const { created, member } = await enrolMember(
        members(),
        parse(enrolMemberBody, request.body),
        pii(request),
      );
      return { status: created ? 201 : 200, body: member };
    },
    getMember: async (request) => ({
      status: 200,
      body: await getMember(members(), request.params.memberId!, pii(request), { includeErased: true }),
    }),
    updateMember: async (request) => ({
      status: 200,
      body: await updateMember(
        members(),
        request.params.memberId!,
        parse(updateMemberBody, request.body),
        pii(request),
      ),
    }),
    eraseMember: async (request) => {
      await eraseMember(members(), request.params.memberId!);
      return { status: 204 };
    },
  },
  () => ({ authenticate: keyAuthenticator(new DynamoPartnerStore()), clock: businessClock }),
);
