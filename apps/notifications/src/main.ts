import 'reflect-metadata';
import { serve } from '#libs/runtime/src/index.js';
import { NOTIFICATIONS_DB } from './database/notifications-database.js';
import { NotificationsServiceModule } from './notifications-service.module.js';

// The notification service alone, for the production shape.
await serve({ name: 'notifications', services: [NotificationsServiceModule], databases: [NOTIFICATIONS_DB] });
