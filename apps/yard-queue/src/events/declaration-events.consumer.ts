import { Injectable } from '@nestjs/common';
import type { AnyEventEnvelope, EventConsumer } from '#libs/events/src/index.js';
import { acceptedCopy, QueueRepository, type VehicleReplicasTx } from '../queue/queue.repository.js';
import { QueueService } from '../queue/queue.service.js';

/**
 * Keeps the yard's copy of accepted vehicles from the declaration service's events, each event applied
 * once (a batch in one transaction). Data of a vehicle already in the queue is not changed: it was frozen at check-in (the entry
 * keeps its own snapshot). Calls the notification service could not confirm reaching the driver are marked on
 * their entries.
 */
@Injectable()
export class DeclarationEventsConsumer implements EventConsumer {
  constructor(
    private readonly repo: QueueRepository,
    private readonly queue: QueueService,
  ) {}

  async handle(events: AnyEventEnvelope[]): Promise<void> {
    // In order: the declaration events between two unreached calls in one transaction; an unreached call is a
    // change of the queue under its lane's lock, in a transaction of its own.
    let run: AnyEventEnvelope[] = [];
    for (const event of [...events, null]) {
      if (event && event.type !== 'call.unreached') {
        run.push(event);
        continue;
      }
      if (run.length) await this.repo.consumeBatch(run, (replicas, e) => this.applyToCopies(replicas, e));
      run = [];
      if (event?.type === 'call.unreached') await this.queue.markCallUnreached(event.payload);
    }
  }

  private async applyToCopies(replicas: VehicleReplicasTx, event: AnyEventEnvelope): Promise<void> {
    const at = new Date(event.occurredAt);
    switch (event.type) {
      case 'declaration.accepted':
        for (const v of event.payload.vehicles) await replicas.upsert(acceptedCopy(v), at);
        break;
      case 'declaration.amended': {
        // Only vehicles the yard already knows as accepted are updated; drafts are not the yard's concern.
        const known = await replicas.acceptedOf(event.payload.declarationId);
        if (known.length === 0) break;
        const kept = new Set(event.payload.vehicles.map((v) => v.vehicleId));
        for (const v of event.payload.vehicles) await replicas.upsert(acceptedCopy(v), at);
        await replicas.withdraw(
          known.filter((id) => !kept.has(id)),
          at,
        );
        break;
      }
      case 'declaration.cancelled':
        await replicas.withdraw(event.payload.vehicleIds, at);
        break;
      case 'user.revoked':
        await replicas.revokeTokens(event.payload.userId, event.payload.tokenVersion, at);
        break;
      default:
        break;
    }
  }
}
