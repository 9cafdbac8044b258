import { scheduledJob } from '../../shared/adapters/adapters.js';

export const handler = scheduledJob('segments');
