import { Logger } from '@nestjs/common';
import { HttpEventSink, isOwnOrigin, OptionalEventSink, outboxRelayProvider } from '#libs/events/src/index.js';
import { YARD_QUEUE_DB } from '../database/yard-queue-database.js';

export const YARD_QUEUE_RELAY = Symbol('YARD_QUEUE_RELAY');

/**
 * Queue changes go to the declaration service (firms see where their vehicles are) and gate settings too; queue
 * changes also to the live gateway, the notifications and the statistics, each of which a deployment may leave out.
 */
export const YardQueueRelayProvider = outboxRelayProvider(YARD_QUEUE_RELAY, YARD_QUEUE_DB, (c) => [
  new HttpEventSink('declaration', c.eventTargets.declaration, c.internalToken, ['queue.changed', 'gate.updated']),
  ...(['gateway', 'notifications', 'statistics'] as const).map(
    (name) =>
      new OptionalEventSink(
        name,
        isOwnOrigin(c.eventTargets[name], c.eventTargets.yardQueue, c.publicOrigin),
        c.eventTargets[name],
        c.internalToken,
        ['queue.changed'],
        (m) => new Logger('OutboxRelay:yard_queue').warn(m),
      ),
  ),
]);
