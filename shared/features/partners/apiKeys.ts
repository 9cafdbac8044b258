import { createHash, randomBytes } from 'node:crypto';
import type { Caller } from '../../core/caller.js';
import { Env } from '../../core/manifest.js';
import { scopesHeldBy } from '../../core/scopes.js';
import type { PartnerStore } from '../../ports/PartnerStore.js';

/** A new secret key: `jf_` + 32 random bytes; high entropy, so a plain SHA-256 is a safe stored form. */
export function generateApiKey(): string {
  return `jf_${randomBytes(32).toString('base64url')}`;
}

export function generateKeyId(): string {
  return `key_${randomBytes(8).toString('hex')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

type KeyCache = Map<string, { caller: Caller | null; untilMs: number }>;
const caches = new Set<KeyCache>();

/** Drops a revoked key from every cache of this process: revocation is immediate where it happened. */
export function forgetKey(keyId: string): void {
  for (const cache of caches) {
    for (const [hash, entry] of cache) if (entry.caller?.keyId === keyId) cache.delete(hash);
  }
}

/**
 * Resolves bearer tokens to callers. Found keys are cached for `cacheSeconds`
 * (KEY_CACHE_SECONDS, default 60). The process that revokes a key forgets it at once (the
 * whole local runtime is one process); other Lambda containers stop accepting it within that time.
 */
export function keyAuthenticator(
  store: PartnerStore,
  cacheSeconds = Number(process.env[Env.keyCacheSeconds] ?? 60),
): (token: string) => Promise<Caller | null> {
  const cache: KeyCache = new Map();
  caches.add(cache);
  return async (token) => {
    if (token.length > 512) return null;
    const hash = hashApiKey(token);
    const cached = cache.get(hash);
    if (cached && cached.untilMs > Date.now()) return cached.caller;
    const record = await store.findKeyByHash(hash);
    const caller =
      record && record.revokedAt === null
        ? {
            partnerId: record.partnerId,
            keyId: record.keyId,
            scopes: scopesHeldBy(record.partnerId, record.scopes),
            storeIds: record.storeIds ?? null,
          }
        : null;
    if (cacheSeconds > 0) {
      if (cache.size > 1000) cache.clear();
      cache.set(hash, { caller, untilMs: Date.now() + cacheSeconds * 1000 });
    }
    return caller;
  };
}
