import { NotificationsInitial1732300210000 } from './1732300210000-notifications-initial.js';

/** Applied in order at start; never edited once committed. */
export const NOTIFICATIONS_MIGRATIONS = [NotificationsInitial1732300210000];
