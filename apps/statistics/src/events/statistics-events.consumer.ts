import { Injectable } from '@nestjs/common';
import type { AnyEventEnvelope, EventConsumer } from '#libs/events/src/index.js';
import { ProjectionRepository } from '../projections/projection.repository.js';

/**
 * Receives the declaration and yard-queue relays' events (at least once, in order per producer): each is
 * applied to the projections once, in order, the whole batch in one transaction, before the relay hears 204.
 */
@Injectable()
export class StatisticsEventsConsumer implements EventConsumer {
  constructor(private readonly projections: ProjectionRepository) {}

  async handle(events: AnyEventEnvelope[]): Promise<void> {
    await this.projections.applyBatch(events);
  }
}
