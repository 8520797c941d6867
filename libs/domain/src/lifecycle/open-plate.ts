import { type DeclarationStatus } from './declaration-status.js';
import { refusal, type Refusal } from '../refusal.js';
import { stateLabel, TERMINAL_STATES, type VehicleState } from './vehicle-states.js';

/** A firm's own declaration that still holds a plate: a vehicle not removed and not in a terminal state. */
export interface OpenPlateHolder {
  plate: string;
  plateKey: string;
  declarationId: string;
  number: string;
  vehicleStatus: VehicleState;
}

/** Whether a vehicle in this state still holds its plate (drafts included): filing the plate again would duplicate it. */
export function holdsPlate(state: VehicleState): boolean {
  return !(TERMINAL_STATES as readonly VehicleState[]).includes(state);
}

/** The refusal of a plate that already has an open declaration of the same firm, naming that declaration. */
export function openPlateRefusal(h: Pick<OpenPlateHolder, 'plate' | 'number' | 'vehicleStatus'>): Refusal {
  return refusal('openPlate', { plate: h.plate, number: h.number, state: stateLabel(h.vehicleStatus) });
}

/**
 * How urgently a firm must look at a declaration (lower first): a correction customs asked for, then a
 * rejection or a draft not yet filed, then trucks on the move, then what only waits, then what is over.
 */
export function firmAttentionRank(d: {
  status: DeclarationStatus;
  openCorrection: boolean;
  vehicleStates: readonly VehicleState[];
}): number {
  if (d.openCorrection) return 0;
  if (d.vehicleStates.some((s) => s === 'CALLED' || s === 'HELD')) return 1;
  if (d.status === 'REJECTED') return 2;
  if (d.status === 'DRAFT') return 3;
  if (d.status === 'IN_QUEUE' || d.status === 'ACCEPTED') return 4;
  if (d.status === 'SUBMITTED') return 5;
  return 6;
}
