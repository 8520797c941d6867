import { HttpEventSink, internalEventsController, outboxRelayProvider } from '#libs/events/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';
import { QueueEventsConsumer } from './queue-events.consumer.js';

export const DECLARATION_RELAY = Symbol('DECLARATION_RELAY');

/** The yard-queue service keeps its own copy of accepted vehicles from these events. */
export const DeclarationRelayProvider = outboxRelayProvider(DECLARATION_RELAY, DECLARATION_DB, (c) => [
  new HttpEventSink('yard-queue', c.eventTargets.yardQueue, c.internalToken, [
    'declaration.accepted',
    'declaration.amended',
    'declaration.cancelled',
  ]),
]);

export const DeclarationInternalEventsController = internalEventsController('declaration', QueueEventsConsumer);
