import { Inject, Injectable, Logger } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { ACCEPTED_VEHICLES_PATH, type VehicleSnapshot } from '#libs/events/src/index.js';

/** A check-in waits this long at most for the declaration service before answering "not found". */
const PULL_TIMEOUT_MS = 2000;

/**
 * Fetches an acceptance the relay has not delivered yet, so a truck that reaches the yard moments after
 * customs accepted it is checked in rather than told it is unknown. Any failure is a miss, as before.
 */
@Injectable()
export class AcceptanceClient {
  private readonly logger = new Logger('AcceptanceClient');

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  async accepted(by: { plateKey: string } | { vehicleId: string }): Promise<VehicleSnapshot[]> {
    const url = new URL(ACCEPTED_VEHICLES_PATH, this.config.eventTargets.declaration);
    if ('plateKey' in by) url.searchParams.set('plateKey', by.plateKey);
    else url.searchParams.set('vehicleId', by.vehicleId);
    try {
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${this.config.internalToken}` },
        signal: AbortSignal.timeout(PULL_TIMEOUT_MS),
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as unknown;
      return Array.isArray(body) ? (body as VehicleSnapshot[]) : [];
    } catch (e) {
      this.logger.warn(`could not ask the declaration service for an acceptance: ${(e as Error).message}`);
      return [];
    }
  }
}
