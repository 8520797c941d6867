import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { verifySlipCode } from '#libs/auth/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import type { GateState, PublicTrackView } from '#libs/events/src/index.js';
import { consumeOrRefuse, sharedRateLimiter } from '#libs/runtime/src/rate-limits.js';
import { GATEWAY_DB } from '../database/gateway-database.js';
import { QueueLogRepository } from '../live/queue-log.repository.js';
import { VehicleStatusClient } from './vehicle-status.client.js';

/**
 * Reads per client address: a page load, its stream and the polling fallback (every 20 s) are a few a minute per
 * phone; a yard's phones share an address behind the carrier's NAT. Far too few to try codes at random (each
 * try is a 128-bit HMAC guess anyway).
 */
const TRACK_LIMIT = { points: 300, duration: 60 } as const;

/** Unknown, forged, truncated or malformed: one answer for all, so codes cannot be told apart or enumerated. */
const notFound = () => AppError.notFound('trackCodeNotFound');

/**
 * The public tracking page's data. Where it comes from: a vehicle in a yard queue is read from the gateway's
 * own copy of that queue — the copy the live consoles are fed from, with every entry's current place (the
 * positions of vehicles a change did not touch are derived here; the declaration service's copy keeps the
 * position of a vehicle's last own event, which goes stale as the line moves), the call deadline and the
 * gate's suspension with its reason. Such a vehicle's declaration is IN_QUEUE by definition
 * (`summariseDeclaration`). A vehicle not in a queue (accepted and not yet checked in, crossed, turned back…)
 * is asked of the declaration service, which owns its state and its declaration's.
 */
@Injectable()
export class TrackService {
  private readonly perIp: RateLimiterPostgres;

  constructor(
    private readonly repo: QueueLogRepository,
    private readonly declarations: VehicleStatusClient,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @InjectDataSource(GATEWAY_DB) ds: DataSource,
  ) {
    this.perIp = sharedRateLimiter(ds, { keyPrefix: 'track', ...TRACK_LIMIT });
  }

  limit(ip: string, reply: { header(name: string, value: string): unknown }): Promise<void> {
    return consumeOrRefuse(this.perIp, ip, reply, 'tooManyViews');
  }

  /** The vehicle a genuine code names, or the one 404 for every other string. */
  vehicleOf(code: string): string {
    const id = verifySlipCode(code, this.config.jwt.secret);
    if (!id) throw notFound();
    return id;
  }

  async view(vehicleId: string): Promise<PublicTrackView> {
    const view = (await this.views([vehicleId])).get(vehicleId);
    if (!view) throw notFound();
    return view;
  }

  /** The views of several vehicles at once (a gate's change re-reads every vehicle followed there in one query). */
  async views(vehicleIds: string[]): Promise<Map<string, PublicTrackView>> {
    const rows = await this.repo.entriesOfVehicles(vehicleIds);
    const gates = new Map<string, GateState | null>();
    const gateState = async (gate: string) => {
      if (!gates.has(gate)) gates.set(gate, (await this.repo.stream(gate))?.gateState ?? null);
      return gates.get(gate)!;
    };
    const out = new Map<string, PublicTrackView>();
    for (const { gate, position, entry: e } of rows) {
      const g = await gateState(gate);
      const waiting = e.status === 'CHECKED_IN';
      out.set(e.vehicleId, {
        plate: e.plate,
        gate,
        gateName: g?.name ?? gate,
        direction: e.direction,
        status: e.status,
        declarationStatus: 'IN_QUEUE',
        position: waiting ? position : null,
        window: e.window,
        eta: waiting ? e.eta : null,
        calledAt: e.calledAt,
        callDeadline: e.status === 'CALLED' ? e.callDeadline : null,
        // Entries logged before the yard carried it have none.
        heldBy: e.status === 'HELD' ? (e.heldBy ?? null) : null,
        suspension: g?.suspension ?? null,
      });
    }
    for (const id of vehicleIds) {
      if (out.has(id)) continue;
      const v = await this.declarations.status(id);
      if (!v) continue;
      const g = await gateState(v.gate);
      out.set(id, {
        plate: v.plate,
        gate: v.gate,
        gateName: v.gateName,
        direction: v.direction,
        status: v.status,
        declarationStatus: v.declarationStatus,
        position: null,
        window: null,
        eta: null,
        calledAt: null,
        callDeadline: null,
        heldBy: null,
        suspension: g?.suspension ?? null,
      });
    }
    return out;
  }
}
