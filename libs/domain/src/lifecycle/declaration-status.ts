import { isActiveQueueState, PRE_QUEUE_STATES, type VehicleState } from './vehicle-states.js';

export const DECLARATION_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'ACCEPTED',
  'REJECTED',
  'CANCELLED',
  'IN_QUEUE',
  'COMPLETED',
] as const;
export type DeclarationStatus = (typeof DECLARATION_STATUSES)[number];

/** A declaration still open: it counts against the firm's cap on open declarations. */
export const OPEN_DECLARATION_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'ACCEPTED',
  'IN_QUEUE',
] as const satisfies readonly DeclarationStatus[];

/**
 * The declaration's status, derived from its vehicles (first rule that applies wins):
 * 1. IN_QUEUE  — at least one vehicle is in an active queue state (CHECKED_IN … CLEARED).
 * 2. DRAFT / SUBMITTED / ACCEPTED — otherwise, if some vehicles are not terminal, the least advanced of
 *    them: the declaration still waits on that vehicle (e.g. one truck crossed, the other after a second
 *    no-show is ACCEPTED again → ACCEPTED). Terminal vehicles are ignored here.
 * 3. All vehicles terminal: COMPLETED if at least one CROSSED or TURNED_BACK (the declaration was used);
 *    else REJECTED if any was rejected (customs' decision outranks a firm's cancellation); else CANCELLED.
 * An empty list (no vehicles yet) is DRAFT.
 */
export function summariseDeclaration(vehicleStates: readonly VehicleState[]): DeclarationStatus {
  if (vehicleStates.length === 0) return 'DRAFT';
  if (vehicleStates.some(isActiveQueueState)) return 'IN_QUEUE';
  for (const status of PRE_QUEUE_STATES) {
    if (vehicleStates.includes(status)) return status;
  }
  // Every state is pre-queue, active-queue or terminal (tested), so everything left is terminal.
  if (vehicleStates.some((s) => s === 'CROSSED' || s === 'TURNED_BACK')) return 'COMPLETED';
  return vehicleStates.includes('REJECTED') ? 'REJECTED' : 'CANCELLED';
}
