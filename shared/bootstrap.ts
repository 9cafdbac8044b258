import { DynamoPartnerStore } from './adapters/dynamodb/DynamoPartnerStore.js';
import { businessClock } from './clock.js';
import { ensureAdminKey } from './useCases/partners.js';

/**
 * First-start seeding, idempotent: the operator partner with its admin key.
 * Used by the local runtime on every start and by `npm run admin:create-key` against AWS.
 */
export async function seed(options: { adminKey: string }): Promise<void> {
  await ensureAdminKey(new DynamoPartnerStore(), businessClock, options.adminKey);
}
