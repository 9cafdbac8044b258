/**
 * Creates an admin key in a deployed table, using the caller's AWS credentials, and prints it once.
 *   npm run admin:create-key -- --table <TableName> [--region ap-east-1]
 */
import { parseArgs } from 'node:util';
import { generateApiKey } from '../shared/features/partners/apiKeys.js';
import { Env } from '../shared/system.js';
import { seed } from '../shared/wiring/bootstrap.js';

const { values } = parseArgs({ options: { table: { type: 'string' }, region: { type: 'string' } } });
if (!values.table) {
  console.error('Usage: npm run admin:create-key -- --table <TableName> [--region <region>]');
  process.exit(2);
}
process.env[Env.tableName] = values.table;
if (values.region) process.env.AWS_REGION = values.region;
const key = generateApiKey();
await seed({ adminKey: key });
console.log(`Admin key (shown once; store it in your secrets manager):\n${key}`);
