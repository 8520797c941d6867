import { listOf, refusal, type Refusal } from '../refusal.js';
import { missingConfirmations, type Agency } from './confirmations.js';
import { stateRefusal, type VehicleState } from './vehicle-states.js';

// The single place where vehicle transitions are decided (DESIGN §4). Services persist the result and
// write the audit entry; they never compare states themselves.

export const VEHICLE_ACTIONS = [
  'submit',
  'accept',
  'reject',
  'cancel',
  'amend',
  'checkIn',
  'call',
  'arrive',
  'hold',
  'release',
  'turnBack',
  'noShow',
  'clear',
  'cross',
] as const;
export type VehicleAction = (typeof VEHICLE_ACTIONS)[number];

export interface TransitionContext {
  /** noShow: how many times this vehicle had already missed its call before this one. */
  previousNoShows?: number;
  /** clear: agencies that have confirmed the vehicle. */
  confirmed?: readonly Agency[];
  /** clear: whether the goods need a quarantine (kiểm dịch) confirmation. */
  quarantineRequired?: boolean;
}

export type TransitionResult =
  | { ok: true; state: VehicleState }
  | { ok: false; code: 'ILLEGAL_TRANSITION'; refusal: Refusal }
  | { ok: false; code: 'CONFIRMATIONS_MISSING'; refusal: Refusal; missing: Agency[] };

type Target = VehicleState | 'SAME' | 'BY_NO_SHOWS';

/** action → (from state → to state). Anything not listed is illegal. */
const TRANSITIONS: Record<VehicleAction, Partial<Record<VehicleState, Target>>> = {
  submit: { DRAFT: 'SUBMITTED' },
  accept: { SUBMITTED: 'ACCEPTED' },
  reject: { SUBMITTED: 'REJECTED' },
  cancel: { DRAFT: 'CANCELLED', SUBMITTED: 'CANCELLED', ACCEPTED: 'CANCELLED', CHECKED_IN: 'CANCELLED' },
  // Amending creates a new version of the data; the vehicle keeps its place in the flow.
  amend: { DRAFT: 'SAME', SUBMITTED: 'SAME', ACCEPTED: 'SAME' },
  checkIn: { ACCEPTED: 'CHECKED_IN' },
  call: { CHECKED_IN: 'CALLED' },
  arrive: { CALLED: 'AT_GATE' },
  hold: { AT_GATE: 'HELD', CLEARED: 'HELD' },
  release: { HELD: 'AT_GATE' },
  turnBack: { AT_GATE: 'TURNED_BACK', HELD: 'TURNED_BACK' },
  // First miss: re-slotted (back to CHECKED_IN). Any later miss: loses the yard place (back to ACCEPTED).
  noShow: { CALLED: 'BY_NO_SHOWS' },
  clear: { AT_GATE: 'CLEARED' },
  cross: { CLEARED: 'CROSSED' },
};

/**
 * Decides one transition. `ctx.previousNoShows` is required for `noShow`, and `ctx.confirmed` and
 * `ctx.quarantineRequired` for `clear`; leaving them out is a programming error and throws.
 */
export function applyAction(state: VehicleState, action: VehicleAction, ctx: TransitionContext = {}): TransitionResult {
  const target = TRANSITIONS[action][state];
  if (target === undefined) {
    return {
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      refusal: refusal('transitionRefused', { action: refusal(`action_${action}`), state: stateRefusal(state) }),
    };
  }
  if (target === 'SAME') return { ok: true, state };
  if (target === 'BY_NO_SHOWS') {
    const previous = ctx.previousNoShows;
    if (previous === undefined || !Number.isInteger(previous) || previous < 0) {
      throw new TypeError('applyAction(noShow) needs ctx.previousNoShows, a non-negative integer');
    }
    return { ok: true, state: previous === 0 ? 'CHECKED_IN' : 'ACCEPTED' };
  }
  if (action === 'clear') {
    if (ctx.confirmed === undefined || ctx.quarantineRequired === undefined) {
      throw new TypeError('applyAction(clear) needs ctx.confirmed and ctx.quarantineRequired');
    }
    const missing = missingConfirmations(ctx.confirmed, ctx.quarantineRequired);
    if (missing.length > 0) {
      return {
        ok: false,
        code: 'CONFIRMATIONS_MISSING',
        missing,
        refusal: refusal('confirmationsMissing', {
          state: stateRefusal(state),
          agencies: listOf(missing.map((a) => refusal(`agency_${a}`))),
        }),
      };
    }
  }
  return { ok: true, state: target };
}

/** Actions the table allows from `state` (before context checks such as confirmations), in a stable order. */
export function allowedActions(state: VehicleState): VehicleAction[] {
  return VEHICLE_ACTIONS.filter((action) => TRANSITIONS[action][state] !== undefined);
}

/** A firm may amend (new version, same state) only before check-in freezes the data. */
export function canAmend(state: VehicleState): boolean {
  return TRANSITIONS.amend[state] !== undefined;
}
