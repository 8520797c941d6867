import type { Confirmation, VehicleSnapshot } from '#libs/events/src/index.js';
import type { Agency, Direction, GateSchedule, PriorityClass } from '#libs/domain/src/index.js';

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
  suspension: { from: Date; until: Date | null; reason: string } | null;
  schedules: Record<Direction, DirectionSchedule>;
}

export interface EntryRecord {
  id: string;
  seq: number;
  vehicleId: string;
  gate: string;
  direction: Direction;
  priorityClass: PriorityClass;
  status: string;
  snapshot: VehicleSnapshot;
  checkedInAt: Date;
  windowStart: Date | null;
  windowEnd: Date | null;
  notBefore: Date | null;
  noShowCount: number;
  quarantineRequired: boolean;
  confirmations: Partial<Record<Agency, Confirmation>>;
  calledAt: Date | null;
  callDeadline: Date | null;
  arrivedAt: Date | null;
  clearedAt: Date | null;
  closedAt: Date | null;
}

export interface ReplicaVehicle {
  vehicleId: string;
  gate: string;
  direction: Direction;
  plateKey: string;
  status: 'ACCEPTED' | 'WITHDRAWN';
  snapshot: VehicleSnapshot;
}

export type { Actor as QueueActor } from '#libs/auth/src/index.js';
