import { refusal, type Refusal } from '../refusal.js';

export const VEHICLE_STATES = [
  'DRAFT',
  'SUBMITTED',
  'ACCEPTED',
  'REJECTED',
  'CANCELLED',
  'CHECKED_IN',
  'CALLED',
  'AT_GATE',
  'HELD',
  'CLEARED',
  'TURNED_BACK',
  'CROSSED',
] as const;
export type VehicleState = (typeof VEHICLE_STATES)[number];

/** No action leaves these states. */
export const TERMINAL_STATES = [
  'REJECTED',
  'CANCELLED',
  'TURNED_BACK',
  'CROSSED',
] as const satisfies readonly VehicleState[];

/** Declared and not yet in the yard: the firm may still amend or withdraw the declaration. */
export const PRE_QUEUE_STATES = ['DRAFT', 'SUBMITTED', 'ACCEPTED'] as const satisfies readonly VehicleState[];

/** The vehicle holds a place in the yard queue (checked in and not yet gone). */
export const ACTIVE_QUEUE_STATES = [
  'CHECKED_IN',
  'CALLED',
  'AT_GATE',
  'HELD',
  'CLEARED',
] as const satisfies readonly VehicleState[];

/** Called forward from the yard and not yet gone: the gate's business now, no longer waiting. */
export const CALLED_FORWARD_STATES = [
  'CALLED',
  'AT_GATE',
  'HELD',
  'CLEARED',
] as const satisfies readonly VehicleState[];

export function isVehicleState(s: unknown): s is VehicleState {
  return (VEHICLE_STATES as readonly unknown[]).includes(s);
}

export function isTerminalState(state: VehicleState): boolean {
  return (TERMINAL_STATES as readonly VehicleState[]).includes(state);
}

export function isPreQueueState(state: VehicleState): boolean {
  return (PRE_QUEUE_STATES as readonly VehicleState[]).includes(state);
}

export function isActiveQueueState(state: VehicleState): boolean {
  return (ACTIVE_QUEUE_STATES as readonly VehicleState[]).includes(state);
}

/**
 * `CLEARED (đã thông quan)`: the form every message uses to name a state (the catalog's `state_CLEARED`, a key the
 * domain shares with the apps). A status that is not a vehicle state (an entry's NO_SHOW, say) is named as it is.
 */
export function stateRefusal(state: string): Refusal | string {
  return isVehicleState(state) ? refusal(`state_${state}`) : state;
}

/** `đã thông quan`: a state in words alone, where the sentence names no code. */
export function stateLabel(state: string): Refusal | string {
  return isVehicleState(state) ? refusal(`stateLabel_${state}`) : state;
}
