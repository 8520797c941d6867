import { refusal, type Refusal, type RefusalParams } from '../refusal.js';
import { stateLabel, type VehicleState } from './vehicle-states.js';

/** A declaration of a vehicle that is not (or no longer) accepted, as the yard is told of it. */
export interface OtherDeclaration {
  declarationNumber: string;
  gate: string;
  status: VehicleState;
  reason: string | null;
}

/**
 * Why a truck cannot be checked in at `gate` when the yard holds no accepted declaration of it, in words the
 * yard operator can repeat to the driver: not declared, a draft, waiting for customs, rejected (and why),
 * cancelled, declared for the other gate, or its trip already over. `declarations` newest first.
 */
export function checkInRefusal(
  plate: string | Refusal,
  gate: string,
  declarations: readonly OtherDeclaration[],
): Refusal {
  const d = declarations[0];
  if (!d) return refusal('checkInNotDeclared', { plate });
  const which: RefusalParams = {
    number: d.declarationNumber,
    plate,
    elsewhere: d.gate !== gate ? refusal('declaredElsewhere', { declared: d.gate, gate }) : '',
  };
  switch (d.status) {
    case 'DRAFT':
      return refusal('checkInDraft', which);
    case 'SUBMITTED':
      return refusal('checkInSubmitted', which);
    case 'REJECTED':
      return refusal('checkInRejected', {
        ...which,
        reason: d.reason ? refusal('rejectedBecause', { reason: d.reason }) : '',
      });
    case 'CANCELLED':
      return refusal('checkInCancelled', which);
    default:
      return refusal('checkInOver', { ...which, state: stateLabel(d.status) });
  }
}
