/** Dev-only endpoints of the local runtime; never part of shared/system.ts, never deployed. */
import * as z from 'zod';
import type { Clock } from '../shared/core/clock.js';
import { ErrorCode } from '../shared/core/errors.js';
import { fieldErrorsOf } from '../shared/core/validate.js';
import { problemOf } from '../shared/http/problem.js';
import type { LocalHandler } from './apiGateway.js';

const clockBody = z.strictObject({ now: z.iso.datetime({ offset: true }) });

interface StoredEmail {
  destination?: { to?: string[]; cc?: string[]; bcc?: string[] };
  subject?: string;
  body?: { html?: string; text?: string };
  at?: number;
}

export function localEndpoints(options: {
  sesEndpoint: string;
  clock: Clock;
  setClock: (iso: string | null) => void;
}): Record<string, LocalHandler> {
  const clockView = () => ({ now: new Date(options.clock.nowMs()).toISOString() });
  return {
    'GET /_local/emails': async () => {
      const response = await fetch(`${options.sesEndpoint}/store`);
      const store = (await response.json()) as { emails?: StoredEmail[] };
      const emails = (store.emails ?? [])
        .map((email) => ({
          to: email.destination?.to ?? [],
          subject: email.subject ?? '',
          text: email.body?.text ?? '',
          html: email.body?.html ?? '',
          sentAt: new Date((email.at ?? 0) * (email.at && email.at < 1e12 ? 1000 : 1)).toISOString(),
        }))
        .sort((a, b) => (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : 0));
      return { status: 200, body: { emails } };
    },
    'GET /_local/clock': async () => ({ status: 200, body: clockView() }),
    'PUT /_local/clock': async (_request, raw) => {
      let input: unknown;
      try {
        input = JSON.parse(raw.toString('utf8'));
      } catch {
        return { status: 400, body: problemOf(ErrorCode.validationFailed, 'The body is not valid JSON.') };
      }
      const parsed = clockBody.safeParse(input);
      if (!parsed.success) {
        return {
          status: 400,
          body: problemOf(
            ErrorCode.validationFailed,
            'Send {"now": "<ISO 8601 with offset>"}.',
            fieldErrorsOf(parsed.error),
          ),
        };
      }
      options.setClock(parsed.data.now);
      return { status: 200, body: clockView() };
    },
    'DELETE /_local/clock': async () => {
      options.setClock(null);
      return { status: 204 };
    },
  };
}
