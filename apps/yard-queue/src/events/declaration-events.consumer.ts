import { Injectable } from '@nestjs/common';
import {
  type AnyEventEnvelope,
  consumeOnce,
  type EventConsumer,
  type VehicleSnapshot,
} from '#libs/events/src/index.js';
import { QueueRepository } from '../queue/queue.repository.js';

/**
 * Keeps the yard's copy of accepted vehicles from the declaration service's events, each event applied
 * once. Data of a vehicle already in the queue is not changed: it was frozen at check-in (the entry
 * keeps its own snapshot).
 */
@Injectable()
export class DeclarationEventsConsumer implements EventConsumer {
  constructor(private readonly repo: QueueRepository) {}

  async handle(events: AnyEventEnvelope[]): Promise<void> {
    for (const event of events) {
      await consumeOnce(this.repo.ds, event, async (em) => {
        const at = new Date(event.occurredAt);
        switch (event.type) {
          case 'declaration.accepted':
            for (const v of event.payload.vehicles) await this.repo.upsertReplica(em, replica(v, 'ACCEPTED'), at);
            break;
          case 'declaration.amended': {
            // Only vehicles the yard already knows as accepted are updated; drafts are not the yard's concern.
            const known: { vehicle_id: string }[] = await em.query(
              `SELECT vehicle_id FROM vehicles WHERE declaration_id = $1 AND status = 'ACCEPTED'`,
              [event.payload.declarationId],
            );
            const ids = new Set(known.map((k) => k.vehicle_id));
            if (ids.size === 0) break;
            const kept = new Set(event.payload.vehicles.map((v) => v.vehicleId));
            for (const v of event.payload.vehicles) await this.repo.upsertReplica(em, replica(v, 'ACCEPTED'), at);
            await this.repo.withdrawReplica(
              em,
              [...ids].filter((id) => !kept.has(id)),
              at,
            );
            break;
          }
          case 'declaration.cancelled':
            await this.repo.withdrawReplica(em, event.payload.vehicleIds, at);
            break;
          default:
            break;
        }
      });
    }
  }
}

function replica(v: VehicleSnapshot, status: 'ACCEPTED') {
  return {
    vehicleId: v.vehicleId,
    declarationId: v.declarationId,
    firmId: v.firmId,
    gate: v.gate,
    direction: v.direction,
    plateKey: v.plateKey,
    status,
    snapshot: v,
    version: v.version,
  };
}
