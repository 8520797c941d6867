import { Logger } from '@nestjs/common';
import { OptionalEventSink, HttpEventSink, outboxRelayProvider } from '#libs/events/src/index.js';
import { YARD_QUEUE_DB } from '../database/yard-queue-database.js';

export const YARD_QUEUE_RELAY = Symbol('YARD_QUEUE_RELAY');

/** Queue changes go to the declaration service (firms see where their vehicles are) and gate settings too; queue changes also to the live gateway. */
export const YardQueueRelayProvider = outboxRelayProvider(YARD_QUEUE_RELAY, YARD_QUEUE_DB, (c) => [
  new HttpEventSink('declaration', c.eventTargets.declaration, c.internalToken, ['queue.changed', 'gate.updated']),
  new OptionalEventSink(
    'gateway',
    new URL(c.eventTargets.gateway).origin === new URL(c.eventTargets.yardQueue).origin,
    c.eventTargets.gateway,
    c.internalToken,
    ['queue.changed'],
    (m) => new Logger('OutboxRelay:yard_queue').warn(m),
  ),
  new OptionalEventSink(
    'notifications',
    new URL(c.eventTargets.notifications).origin === new URL(c.eventTargets.yardQueue).origin,
    c.eventTargets.notifications,
    c.internalToken,
    ['queue.changed'],
    (m) => new Logger('OutboxRelay:yard_queue').warn(m),
  ),
]);
