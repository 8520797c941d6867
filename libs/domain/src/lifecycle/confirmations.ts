import { refusal, type Refusal } from '../refusal.js';
import type { VehicleState } from './vehicle-states.js';
import { formatLocalDateTime, VIETNAM_UTC_OFFSET_MINUTES } from '../slots/local-time.js';

export const AGENCIES = ['CUSTOMS', 'BORDER_GUARD', 'QUARANTINE'] as const;
export type Agency = (typeof AGENCIES)[number];

/** Customs and the border guard always confirm; quarantine only when the goods need it. */
export function requiredAgencies(quarantineRequired: boolean): Agency[] {
  return AGENCIES.filter((a) => quarantineRequired || a !== 'QUARANTINE');
}

/** Required agencies that have not confirmed yet, in display order. Extra confirmations are harmless. */
export function missingConfirmations(confirmed: readonly Agency[], quarantineRequired: boolean): Agency[] {
  return requiredAgencies(quarantineRequired).filter((a) => !confirmed.includes(a));
}

/** A vehicle may be CLEARED only when every required agency has confirmed. */
export function isClearable(confirmed: readonly Agency[], quarantineRequired: boolean): boolean {
  return missingConfirmations(confirmed, quarantineRequired).length === 0;
}

/** Officers confirm once the vehicle has been called forward and until it is cleared or turned back. */
export const CONFIRMABLE_STATES = ['CALLED', 'AT_GATE', 'HELD'] as const satisfies readonly VehicleState[];

export function canConfirm(state: VehicleState): boolean {
  return (CONFIRMABLE_STATES as readonly VehicleState[]).includes(state);
}

/**
 * Why an agency's second confirmation of a vehicle is refused (null when it has not confirmed yet): the first
 * confirmation stands, and the message says who gave it and when, in Vietnam time.
 */
export function repeatedConfirmation(
  agency: Agency,
  previous: { officerId: string; at: string } | undefined,
): Refusal | null {
  if (!previous) return null;
  return refusal('repeatedConfirmation', {
    agency: refusal(`agency_${agency}`),
    at: formatLocalDateTime(new Date(previous.at), VIETNAM_UTC_OFFSET_MINUTES),
    officer: previous.officerId,
  });
}
