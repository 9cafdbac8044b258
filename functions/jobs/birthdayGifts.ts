import { scheduledJob } from '../../shared/adapters/adapters.js';

export const handler = scheduledJob('birthday-gifts');
