import { scheduledJob } from '../../shared/wiring/adapters.js';

/** Every schedule's function; its environment names the job (shared/jobs/list.ts). */
export const handler = scheduledJob();
