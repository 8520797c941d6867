import { HttpEventSink, outboxRelayProvider } from '#libs/events/src/index.js';
import { NOTIFICATIONS_DB } from '../database/notifications-database.js';

export const NOTIFICATIONS_RELAY = Symbol('NOTIFICATIONS_RELAY');

/** Unreached calls go to the yard-queue service, which marks the entry so the yard board shows it. */
export const NotificationsRelayProvider = outboxRelayProvider(NOTIFICATIONS_RELAY, NOTIFICATIONS_DB, (c) => [
  new HttpEventSink('yard-queue', c.eventTargets.yardQueue, c.internalToken, ['call.unreached']),
]);
