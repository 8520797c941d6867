import 'reflect-metadata';
import { serve } from '#libs/runtime/src/index.js';
import { YARD_QUEUE_DB } from './database/yard-queue-database.js';
import { YardQueueServiceModule } from './yard-queue-service.module.js';

// The yard-queue service alone, for the production shape (one process per service).
await serve({ name: 'yard-queue', services: [YardQueueServiceModule], databases: [YARD_QUEUE_DB] });
