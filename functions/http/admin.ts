import { adapters } from '../../shared/adapters/adapters.js';
import { httpFunction } from '../../shared/http/httpFunction.js';
import { ledgerCheck } from '../../shared/useCases/ledgerReads.js';

export const handler = httpFunction(
  'admin',
  {
    getProgram: async () => ({ status: 200, body: await adapters().programs.current() }),
    putProgram: async ({ body }) => ({ status: 200, body: await adapters().programs.publish(body) }),
    ledgerCheck: async () => ({ status: 200, body: await ledgerCheck(adapters()) }),
  },
  () => adapters(),
);
