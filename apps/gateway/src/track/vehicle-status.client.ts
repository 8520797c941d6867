import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { type VehicleStatusRecord, vehicleStatusPath } from '#libs/events/src/index.js';
import { AppError } from '#libs/errors/src/index.js';

/** Asks the declaration service for a vehicle's plate and state (internal token); null when it knows no such vehicle. */
@Injectable()
export class VehicleStatusClient {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  async status(vehicleId: string): Promise<VehicleStatusRecord | null> {
    let res: Response;
    try {
      res = await fetch(new URL(vehicleStatusPath(vehicleId), this.config.eventTargets.declaration), {
        headers: { authorization: `Bearer ${this.config.internalToken}` },
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      throw new AppError('DEPENDENCY_DOWN', 'declarationServiceDown');
    }
    if (res.status === 404) return null;
    if (!res.ok) throw new AppError('DEPENDENCY_DOWN', 'declarationServiceError', { status: res.status });
    return (await res.json()) as VehicleStatusRecord;
  }
}
