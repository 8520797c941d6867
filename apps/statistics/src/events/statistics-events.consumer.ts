import { Injectable } from '@nestjs/common';
import type { AnyEventEnvelope, EventConsumer } from '#libs/events/src/index.js';
import { ProjectionRepository } from '../projections/projection.repository.js';

/**
 * Receives the declaration and yard-queue relays' events (at least once, in order per producer): each is
 * applied to the projections once, in order, before the relay hears 204.
 */
@Injectable()
export class StatisticsEventsConsumer implements EventConsumer {
  constructor(private readonly projections: ProjectionRepository) {}

  async handle(events: AnyEventEnvelope[]): Promise<void> {
    for (const event of events) await this.projections.apply(event);
  }
}
