/**
 * Enrolling a member at the till with the typed client: the path, the body and both answers are
 * checked by the compiler against the API's own description. test/http/openapi.test.ts runs it.
 */
import { type JifenClient, jifenClient, type Problem } from './client.js';

/** Enrols a member (idempotent on `memberId`): 201 the first time, 200 for the same body again. */
export async function enrolAtTheTill(
  client: JifenClient,
  member: { memberId: string; email?: string; locale?: 'zh-CN' | 'en' },
) {
  const { data, error, response } = await client.POST('/v1/members', { body: member });
  if (error) {
    const problem: Problem = error;
    throw new Error(`Enrolment refused: ${response.status} ${problem.code} ${problem.detail ?? ''}`);
  }
  // `data` is the member view: typed, no cast.
  return { status: response.status, member: data, available: data.points.available };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const client = jifenClient({
    baseUrl: process.env.JIFEN_URL ?? 'http://127.0.0.1:3000',
    key: process.env.JIFEN_KEY ?? '',
  });
  console.log(await enrolAtTheTill(client, { memberId: process.argv[2] ?? 'm-example' }));
}
