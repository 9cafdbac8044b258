/**
 * What the compiler refuses, so the generated types are known to be strict: each line below must
 * be an error (`@ts-expect-error` fails the type-check when it is not). Never called.
 */
import type { JifenClient } from './client.js';

export async function refusedByTheCompiler(client: JifenClient) {
  // @ts-expect-error: no such path
  await client.POST('/v1/member', { body: { memberId: 'm-1' } });
  // @ts-expect-error: memberId is required
  await client.POST('/v1/members', { body: { email: 'a@example.com' } });
  // @ts-expect-error: a locale the API does not know
  await client.POST('/v1/members', { body: { memberId: 'm-1', locale: 'fr' } });
  // @ts-expect-error: the path parameter is required
  await client.GET('/v1/members/{memberId}', {});
  const { data, error } = await client.GET('/v1/members/{memberId}', {
    params: { path: { memberId: 'm-1' } },
  });
  if (data) {
    // @ts-expect-error: the member view has no balance field
    data.balance;
  }
  if (error) {
    // @ts-expect-error: a member read never answers member_exists
    error.code === 'member_exists';
  }
}
