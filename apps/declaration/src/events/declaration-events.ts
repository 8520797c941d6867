import { Logger } from '@nestjs/common';
import {
  OptionalEventSink,
  HttpEventSink,
  internalEventsController,
  outboxRelayProvider,
} from '#libs/events/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';
import { QueueEventsConsumer } from './queue-events.consumer.js';

export const DECLARATION_RELAY = Symbol('DECLARATION_RELAY');

/**
 * The yard-queue service keeps its own copy of accepted vehicles from these events; it and the live gateway
 * also learn which users' tokens were revoked, to refuse them without asking this service.
 */
export const DeclarationRelayProvider = outboxRelayProvider(DECLARATION_RELAY, DECLARATION_DB, (c) => [
  new HttpEventSink('yard-queue', c.eventTargets.yardQueue, c.internalToken, [
    'declaration.accepted',
    'declaration.amended',
    'declaration.cancelled',
    'user.revoked',
  ]),
  new OptionalEventSink(
    'gateway',
    new URL(c.eventTargets.gateway).origin === new URL(c.eventTargets.declaration).origin,
    c.eventTargets.gateway,
    c.internalToken,
    ['user.revoked'],
    (m) => new Logger('OutboxRelay:declaration').warn(m),
  ),
  new OptionalEventSink(
    'notifications',
    new URL(c.eventTargets.notifications).origin === new URL(c.eventTargets.declaration).origin,
    c.eventTargets.notifications,
    c.internalToken,
    ['declaration.accepted', 'declaration.rejected', 'declaration.correction_requested', 'user.revoked'],
    (m) => new Logger('OutboxRelay:declaration').warn(m),
  ),
]);

export const DeclarationInternalEventsController = internalEventsController('declaration', QueueEventsConsumer);
