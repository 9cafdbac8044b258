import { scheduledJob } from '../../shared/wiring/adapters.js';

export const handler = scheduledJob('segments');
