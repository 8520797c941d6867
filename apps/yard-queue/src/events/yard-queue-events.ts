import { Logger } from '@nestjs/common';
import {
  GatewayEventSink,
  HttpEventSink,
  internalEventsController,
  OptionalEventSink,
  outboxRelayProvider,
} from '#libs/events/src/index.js';
import { YARD_QUEUE_DB } from '../database/yard-queue-database.js';
import { DeclarationEventsConsumer } from './declaration-events.consumer.js';

export const YARD_QUEUE_RELAY = Symbol('YARD_QUEUE_RELAY');

/**
 * Queue changes go to the declaration service (firms see where their vehicles are) and gate settings too; queue
 * changes also to the live gateway and the statistics.
 */
export const YardQueueRelayProvider = outboxRelayProvider(YARD_QUEUE_RELAY, YARD_QUEUE_DB, (c) => [
  new HttpEventSink('declaration', c.eventTargets.declaration, c.internalToken, ['queue.changed', 'gate.updated']),
  new GatewayEventSink(
    new URL(c.eventTargets.gateway).origin === new URL(c.eventTargets.yardQueue).origin,
    c.eventTargets.gateway,
    c.internalToken,
    ['queue.changed'],
    (m) => new Logger('OutboxRelay:yard_queue').warn(m),
  ),
  new OptionalEventSink(
    'statistics',
    new URL(c.eventTargets.statistics).origin === new URL(c.eventTargets.yardQueue).origin,
    c.eventTargets.statistics,
    c.internalToken,
    ['queue.changed'],
    (m) => new Logger('OutboxRelay:yard_queue').warn(m),
  ),
]);

export const YardQueueInternalEventsController = internalEventsController('yard-queue', DeclarationEventsConsumer);
