import { YardQueueInitial1732300001000 } from './1732300001000-yard-queue-initial.js';

/** Applied in order at start; never edited once committed. */
export const YARD_QUEUE_MIGRATIONS = [YardQueueInitial1732300001000];
