/**
 * Sealed cursors and opaque ids: what a list hands out must not tell a reader what it may not
 * see (another partner's operation ids, which a ledger key's sort key embeds). A cursor's position
 * is encrypted and authenticated (AES-256-GCM) under a server secret; an opaque id is a keyed hash.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { ValidationFailed } from './errors.js';

const keyOf = (secret: string, purpose: string) =>
  createHmac('sha256', secret).update(`jifen/${purpose}`, 'utf8').digest();

/** The position of a page, encrypted: `{sealed}` (encodeCursor makes it the cursor string). */
export function sealPosition(
  position: Record<string, unknown> | undefined,
  secret: string,
): Record<string, unknown> | undefined {
  if (!position) return undefined;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret, 'cursor'), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(position), 'utf8'), cipher.final()]);
  return { sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url') };
}

/** The position a sealed cursor holds; 400 for anything this server did not seal. */
export function openPosition(
  cursor: Record<string, unknown> | undefined,
  secret: string,
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  const refused = new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this list.' }]);
  if (typeof cursor.sealed !== 'string' || Object.keys(cursor).length !== 1) throw refused;
  try {
    const raw = Buffer.from(cursor.sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret, 'cursor'), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    const position: unknown = JSON.parse(text);
    if (position && typeof position === 'object' && !Array.isArray(position)) {
      return position as Record<string, unknown>;
    }
  } catch {
    // tampered, truncated or another server's: refused below
  }
  throw refused;
}

/** A stable id that stands for `value` without revealing it: `tx_` + 22 characters of a keyed hash. */
export function opaqueId(value: string, secret: string, prefix = 'tx_'): string {
  return `${prefix}${createHmac('sha256', keyOf(secret, 'opaque-id')).update(value, 'utf8').digest('base64url').slice(0, 22)}`;
}
