import type { PriorityClass } from '../identifiers/reference-data.js';
import { type Refusal, refusal } from '../refusal.js';

// The fairness ledger (issue 16): every change of a gate's queue order is recorded with its reason, in the
// transaction that makes it, so the public can see why a truck moved and nobody can buy a place unseen.

export const ORDER_CHANGE_REASONS = [
  /** A truck joined the queue behind those checked in before it. */
  'CHECK_IN',
  /** A truck of the priority class (perishable goods) took a window reserved for its class, ahead of others. */
  'PRIORITY_SHARE',
  /** A truck that missed its call was given a new window. */
  'NO_SHOW_RESLOT',
  /** The gate was suspended: windows in the suspension moved. */
  'SUSPENSION',
  /** The gate resumed: windows moved back earlier. */
  'RESUMPTION',
  /** Hours, capacity, daily caps or the priority share changed. */
  'CAPACITY_CHANGE',
  /** Places freed (calls, cancellations, reserved places released to all) were filled in order. */
  'PLACES_FREED',
] as const;
export type OrderChangeReason = (typeof ORDER_CHANGE_REASONS)[number];

/** The reason as the public reads it: a phrase of the catalog (libs/errors), in the reader's language. */
export function orderChangePhrase(reason: OrderChangeReason): Refusal {
  return refusal(`orderChange_${reason}`);
}

/** The kinds of queue change that can move a waiting truck (the name each change of the queue carries). */
export type QueueChangeKind = 'check-in' | 'no-show' | 'suspend' | 'resume' | 'gate-config' | 'reflow';

/**
 * Why a truck's place changed in a change of kind `change`. `own` marks the truck the change was about (the one
 * checking in, the one that missed its call); the others moved because of it. A truck checking in of the priority
 * class that lands ahead of a waiting truck used the priority share; any other newcomer simply joined.
 */
export function orderChangeReason(
  change: QueueChangeKind,
  t: { own: boolean; priorityClass: PriorityClass; aheadOf: number },
): OrderChangeReason {
  switch (change) {
    case 'check-in':
      if (!t.own) return 'PLACES_FREED';
      return t.priorityClass === 'PRIORITY' && t.aheadOf > 0 ? 'PRIORITY_SHARE' : 'CHECK_IN';
    case 'no-show':
      return t.own ? 'NO_SHOW_RESLOT' : 'PLACES_FREED';
    case 'suspend':
      return 'SUSPENSION';
    case 'resume':
      return 'RESUMPTION';
    case 'gate-config':
      return 'CAPACITY_CHANGE';
    case 'reflow':
      return 'PLACES_FREED';
  }
}

export function isQueueChangeKind(s: string): s is QueueChangeKind {
  return ['check-in', 'no-show', 'suspend', 'resume', 'gate-config', 'reflow'].includes(s);
}
