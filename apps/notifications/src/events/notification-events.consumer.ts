import { Injectable } from '@nestjs/common';
import type { AnyEventEnvelope, EventConsumer } from '#libs/events/src/index.js';
import { Dispatcher } from '../delivery/dispatcher.js';
import { NoticePlanner } from '../delivery/notice-planner.js';
import { NotificationRepository } from '../delivery/notification.repository.js';

/**
 * Receives the declaration service's decisions and the yard-queue's queue changes (at least once, in order per
 * producer), writes the messages they call for with the events' inbox rows (a delivered batch in one transaction), and wakes
 * the dispatcher.
 */
@Injectable()
export class NotificationEventsConsumer implements EventConsumer {
  constructor(
    private readonly repo: NotificationRepository,
    private readonly planner: NoticePlanner,
    private readonly dispatcher: Dispatcher,
  ) {}

  async handle(events: AnyEventEnvelope[]): Promise<void> {
    try {
      await this.repo.consumeBatch(events, async (tx, event) => {
        switch (event.type) {
          case 'declaration.accepted':
            return this.planner.declarationAccepted(tx, event);
          case 'declaration.rejected':
          case 'declaration.correction_requested':
            return this.planner.declarationDecision(tx, event);
          case 'queue.changed':
            return this.planner.queueChanged(tx, event);
          case 'user.revoked':
            return tx.revokeTokens(event.payload.userId, event.payload.tokenVersion, new Date(event.occurredAt));
          default:
            return;
        }
      });
    } finally {
      this.dispatcher.poke();
    }
  }
}
