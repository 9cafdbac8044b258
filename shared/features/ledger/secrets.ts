import { randomBytes } from 'node:crypto';
import { OperationKind, type StatusOf } from '../../core/records.js';
import type { LedgerStore } from '../../ports/LedgerStore.js';

export interface ConfigData {
  readonly status: StatusOf<'CONFIG'>;
  readonly secret: string;
}

declare module '../../core/records.js' {
  interface RecordDataByKind {
    CONFIG: ConfigData;
  }
}

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
      .then(({ record }) => record.data.secret)
      .catch((error: unknown) => {
        cache.delete(name);
        throw error;
      });
    cache.set(name, secret);
  }
  return secret;
}
