import { Inject, Injectable, Logger } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { VEHICLE_DECLARATIONS_PATH, type VehicleDeclarations } from '#libs/events/src/index.js';

/**
 * A check-in waits this long at most for the declaration service. A truck at the barrier can wait a few
 * seconds; under a burst the service answers in more than two, and a shorter wait turned accepted trucks away.
 */
const PULL_TIMEOUT_MS = 8000;

/**
 * Asks the declaration service about a vehicle the yard does not hold: an acceptance the relay has not
 * delivered yet (so a truck that reaches the yard moments after customs accepted it is checked in rather than
 * told it is unknown), or else its other declarations, to say why it cannot be checked in. An unanswered
 * question is not an answer: it is refused as the service being down (try again), never as "not declared".
 */
@Injectable()
export class VehicleDeclarationsClient {
  private readonly logger = new Logger('VehicleDeclarationsClient');

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  async find(by: { plateKey: string } | { vehicleId: string }): Promise<VehicleDeclarations> {
    const url = new URL(VEHICLE_DECLARATIONS_PATH, this.config.eventTargets.declaration);
    if ('plateKey' in by) url.searchParams.set('plateKey', by.plateKey);
    else url.searchParams.set('vehicleId', by.vehicleId);
    try {
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${this.config.internalToken}` },
        signal: AbortSignal.timeout(PULL_TIMEOUT_MS),
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as Partial<VehicleDeclarations>;
      return { accepted: body.accepted ?? [], others: body.others ?? [] };
    } catch (e) {
      this.logger.warn(`could not ask the declaration service about a vehicle: ${(e as Error).message}`);
      throw new AppError('DEPENDENCY_DOWN', 'declarationServiceDown');
    }
  }
}
