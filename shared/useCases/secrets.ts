import { randomBytes } from 'node:crypto';
import { type LedgerStore, OperationKind } from '../ports/LedgerStore.js';

const cache = new Map<string, Promise<string>>();

/**
 * A server secret (signing unsubscribe links, keying member-code hashes): random, made on first
 * use, kept in the table, read once per process.
 */
export function configSecret(ledger: LedgerStore, scope: string, id: string): Promise<string> {
  const name = `${scope}/${id}`;
  let secret = cache.get(name);
  if (!secret) {
    secret = ledger
      .createRecord({
        kind: OperationKind.config,
        scope,
        id,
        data: { status: 'active', secret: randomBytes(32).toString('base64url') },
      })
      .then(({ record }) => String(record.data.secret))
      .catch((error: unknown) => {
        cache.delete(name);
        throw error;
      });
    cache.set(name, secret);
  }
  return secret;
}
