import { Injectable } from '@nestjs/common';
import { type AnyEventEnvelope, type EventConsumer } from '#libs/events/src/index.js';
import { isVehicleState, summariseDeclaration, toNoShowWaiverRecord } from '#libs/domain/src/index.js';
import { DeclarationRepository } from '../declarations/declaration.repository.js';

/**
 * Applies the yard-queue service's events to the declarations, so a firm sees where each of its
 * vehicles is (checked in, slot, position, called, crossed…). Each event id is applied once, a batch in one
 * transaction.
 */
@Injectable()
export class QueueEventsConsumer implements EventConsumer {
  constructor(private readonly repo: DeclarationRepository) {}

  async handle(events: AnyEventEnvelope[]): Promise<void> {
    await this.repo.applyBatchOnce(events, async (tx, event) => {
      if (event.type === 'gate.updated') {
        const p = event.payload;
        await tx.saveGate({ code: p.gate, name: p.name, autoAccept: p.autoAccept, yards: p.yards });
        return;
      }
      if (event.type !== 'queue.changed') return;
      const at = new Date(event.occurredAt);
      const touched = new Set<string>();
      // Each vehicle's state before this change, for the webhook events it implies (written below, same transaction).
      const webhooks = tx.webhooks();
      const before = await webhooks.vehicles(event.payload.entries.map((c) => c.vehicleId));
      for (const c of event.payload.entries) {
        if (!isVehicleState(c.vehicleStatus)) continue;
        const declarationId = await tx.setVehicleQueueState(
          c.vehicleId,
          c.vehicleStatus,
          c.vehicleStatus === 'ACCEPTED'
            ? null
            : {
                entryId: c.id,
                status: c.status,
                window: c.window,
                position: c.position,
                checkedInAt: c.checkedInAt,
                eta: c.eta,
                // Kept by code: the words are said when the declaration is shown (an event written before
                // reasons had codes carries the sentence, read back to its code).
                noShowWaiver: toNoShowWaiverRecord(c.noShowWaiver),
              },
          at,
        );
        if (declarationId) touched.add(declarationId);
      }
      for (const id of touched) await tx.setStatus(id, summariseDeclaration(await tx.vehicleStates(id)), at);
      await webhooks.fromQueueChange(before, event.payload.entries, at);
    });
  }
}
