import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { DEFAULT_LANGUAGE, firmChangeRefusal } from '#libs/domain/src/index.js';
import { renderRefusal } from '#libs/errors/src/index.js';
import type { VehicleHandoffDecision, VehicleHandoffRequest } from '#libs/events/src/index.js';
import { VehicleHandoffRepository } from './vehicle-handoff.repository.js';

/**
 * Decides a firm's amendment or cancellation of vehicles the yard owns (accepted, maybe checked in): applied
 * to the yard's copies when none of the vehicles is in the yard, refused otherwise. The copies are locked as
 * a check-in locks them, so a change and a check-in of the same truck are serial: either the change comes
 * first (the check-in then sees the withdrawn or amended copy) or the check-in does (the change is refused).
 * A decision is taken once per request id: a retry gets the same answer.
 */
@Injectable()
export class VehicleHandoffService {
  constructor(
    private readonly repo: VehicleHandoffRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  decide(r: VehicleHandoffRequest): Promise<VehicleHandoffDecision> {
    const now = this.clock.now();
    const involved = [
      ...r.vehicles.map((snapshot) => ({ snapshot, status: 'ACCEPTED' as const })),
      ...r.withdrawn.map((snapshot) => ({ snapshot, status: 'WITHDRAWN' as const })),
    ];
    return this.repo.transaction(async (tx) => {
      const added = await tx.lockVehicles(involved, now);
      const earlier = await tx.decided(r.id);
      if (earlier) return earlier;
      const latest = await tx.latestEntries(involved.map((v) => v.snapshot.vehicleId));
      let decision: VehicleHandoffDecision = { outcome: 'APPLIED' };
      for (const { snapshot } of involved) {
        const entry = latest.get(snapshot.vehicleId);
        const refused = firmChangeRefusal(r.kind, entry ? { ...entry, plate: snapshot.plate } : null);
        if (refused && entry) {
          decision = {
            outcome: 'REFUSED',
            // In Vietnamese for the audit log; the firm is answered in its own language from the position.
            message: renderRefusal(refused, DEFAULT_LANGUAGE),
            position: {
              vehicleId: snapshot.vehicleId,
              plate: snapshot.plate,
              gate: entry.gate,
              status: entry.status,
              checkedInAt: entry.checkedInAt?.toISOString() ?? null,
              windowStart: entry.windowStart?.toISOString() ?? null,
            },
          };
          break;
        }
      }
      if (decision.outcome === 'APPLIED')
        for (const { snapshot, status } of involved) await tx.writeCopy(snapshot, status, now);
      else await tx.dropAdded(added);
      await tx.record(r, decision, now);
      return decision;
    });
  }
}
