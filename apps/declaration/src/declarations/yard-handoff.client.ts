import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import {
  VEHICLE_HANDOFF_PATH,
  type VehicleHandoffDecision,
  type VehicleHandoffRequest,
} from '#libs/events/src/index.js';

/** How long a firm waits for the yard's decision before being told it will come later. */
const DECISION_TIMEOUT_MS = 5000;

/** Asks the yard-queue service to decide a firm's change to vehicles it owns (internal token). */
@Injectable()
export class YardHandoffClient {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  async decide(request: VehicleHandoffRequest): Promise<VehicleHandoffDecision> {
    const res = await fetch(new URL(VEHICLE_HANDOFF_PATH, this.config.eventTargets.yardQueue), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.config.internalToken}` },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(DECISION_TIMEOUT_MS),
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`yard-queue answered ${res.status}: ${body.slice(0, 300)}`);
    const decision = JSON.parse(body) as VehicleHandoffDecision;
    if (decision.outcome !== 'APPLIED' && decision.outcome !== 'REFUSED')
      throw new Error(`yard-queue answered an unknown outcome: ${body.slice(0, 300)}`);
    return decision;
  }
}
