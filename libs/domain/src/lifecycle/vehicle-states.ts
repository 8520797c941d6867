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

/** Shown next to the state code in refusals and on the consoles. */
export const STATE_LABELS_VI: Record<VehicleState, string> = {
  DRAFT: 'nháp',
  SUBMITTED: 'đã nộp, chờ hải quan duyệt',
  ACCEPTED: 'đã được chấp nhận',
  REJECTED: 'bị từ chối',
  CANCELLED: 'đã hủy',
  CHECKED_IN: 'đã vào bãi chờ, có khung giờ',
  CALLED: 'đã được gọi vào cổng',
  AT_GATE: 'đang ở cổng kiểm soát',
  HELD: 'bị giữ lại kiểm tra',
  CLEARED: 'đã thông quan',
  TURNED_BACK: 'bị buộc quay đầu',
  CROSSED: 'đã qua cửa khẩu',
};

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

/** `CLEARED (đã thông quan)`: the form every message uses to name a state. */
export function describeState(state: VehicleState): string {
  return `${state} (${STATE_LABELS_VI[state]})`;
}
