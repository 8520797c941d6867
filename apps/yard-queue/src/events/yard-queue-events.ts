import { Logger } from '@nestjs/common';
import {
  type AnyEventEnvelope,
  HttpEventSink,
  internalEventsController,
  outboxRelayProvider,
} from '#libs/events/src/index.js';
import { YARD_QUEUE_DB } from '../database/yard-queue-database.js';
import { DeclarationEventsConsumer } from './declaration-events.consumer.js';

export const YARD_QUEUE_RELAY = Symbol('YARD_QUEUE_RELAY');

/**
 * The live gateway gets every queue change. Addressed at this service's own origin (one process for all, or
 * GATEWAY_URL not set) and answering that it is not hosted there (404), there is no gateway to feed: the
 * batch counts as taken instead of holding back the declaration service's events for ever (the relay
 * publishes a batch only once every sink took it). A gateway elsewhere is always retried until it answers.
 */
class GatewayEventSink extends HttpEventSink {
  private warned = false;

  constructor(
    private readonly sameOrigin: boolean,
    baseUrl: string,
    token: string,
  ) {
    super('gateway', baseUrl, token, ['queue.changed']);
  }

  override async deliver(events: AnyEventEnvelope[]): Promise<void> {
    try {
      await super.deliver(events);
    } catch (e) {
      if (!this.sameOrigin || !/HTTP 404\b/.test((e as Error).message)) throw e;
      if (!this.warned)
        new Logger('OutboxRelay:yard_queue').warn(
          'no live gateway in this process and GATEWAY_URL not set: queue changes are not sent to one',
        );
      this.warned = true;
    }
  }
}

/** Queue changes go to the declaration service (firms see where their vehicles are) and gate settings too; queue changes also to the live gateway. */
export const YardQueueRelayProvider = outboxRelayProvider(YARD_QUEUE_RELAY, YARD_QUEUE_DB, (c) => [
  new HttpEventSink('declaration', c.eventTargets.declaration, c.internalToken, ['queue.changed', 'gate.updated']),
  new GatewayEventSink(
    new URL(c.eventTargets.gateway).origin === new URL(c.eventTargets.yardQueue).origin,
    c.eventTargets.gateway,
    c.internalToken,
  ),
]);

export const YardQueueInternalEventsController = internalEventsController('yard-queue', DeclarationEventsConsumer);
