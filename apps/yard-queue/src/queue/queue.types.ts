import type { Direction, GateSchedule, WaitingYard } from '#libs/domain/src/index.js';
import type { QueueEntryEntity } from './entities/queue-entry.entity.js';
import type { VehicleEntity } from './entities/vehicle.entity.js';

export interface DirectionSchedule {
  schedule: GateSchedule;
  /** Per local day overrides of the daily cap ('YYYY-MM-DD' → cap). */
  dailyCaps: Record<string, number>;
}

export interface GateRecord {
  code: string;
  name: string;
  version: number;
  autoAccept: boolean;
  graceMinutes: number;
  noShowPenaltyMinutes: number;
  /** A delay of a vehicle longer than this is attributed. */
  delayAttributionMinutes: number;
  /** The time to reach a called driver before the call escalates; null: the deployment's default. */
  callReachMinutes: number | null;
  /** The waiting yards a declaration for this gate picks from. */
  yards: WaitingYard[];
  suspension: { from: Date; until: Date | null; reason: string } | null;
  schedules: Record<Direction, DirectionSchedule>;
}

/** A queue entry as the service works with it: its entity without the columns only the database keeps. */
export type EntryRecord = Omit<QueueEntryEntity, 'checkedInBy' | 'updatedAt' | 'vehicle' | 'gateRow'>;

/** The yard's copy of a vehicle, as check-in reads it. */
export type ReplicaVehicle = Pick<
  VehicleEntity,
  'vehicleId' | 'gate' | 'direction' | 'plateKey' | 'status' | 'snapshot'
>;

export type { Actor as QueueActor } from '#libs/auth/src/index.js';
