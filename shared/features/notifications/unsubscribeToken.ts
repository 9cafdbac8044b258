/** Signed unsubscribe tokens: `<memberId>.<HMAC-SHA256>`; no state needed to verify them. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function unsubscribeToken(memberId: string, secret: string): string {
  const id = Buffer.from(memberId, 'utf8').toString('base64url');
  return `${id}.${createHmac('sha256', secret).update(id).digest('base64url')}`;
}

/** The member id a token was signed for, or null when the signature does not match. */
export function verifyUnsubscribeToken(token: string, secret: string): string | null {
  const [id, signature] = token.split('.');
  if (!id || !signature) return null;
  const expected = createHmac('sha256', secret).update(id).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return Buffer.from(id, 'base64url').toString('utf8');
}
