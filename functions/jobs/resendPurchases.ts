import { scheduledJob } from '../../shared/wiring/adapters.js';

export const handler = scheduledJob('resend-purchases');
