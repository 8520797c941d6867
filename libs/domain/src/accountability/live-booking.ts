import { isVehicleState, STATE_LABELS_VI } from '../lifecycle/vehicle-states.js';

/** The truck's live booking elsewhere that stops a check-in: its gate (code and name) and its state there. */
export interface LiveBooking {
  gate: string;
  gateName: string;
  status: string;
}

/**
 * Why a truck cannot be checked in at `gate` while it holds a live place at another gate (one live booking per
 * vehicle across both gates), naming the other gate so the yard operator can tell the driver where it is booked.
 */
export function liveBookingRefusal(plate: string, gate: string, other: LiveBooking): string {
  const state = isVehicleState(other.status) ? STATE_LABELS_VI[other.status] : other.status;
  if (other.gate === gate) return `Xe ${plate} đã có trong hàng chờ của cửa khẩu này (${state}).`;
  return (
    `Xe ${plate} đang có lượt xếp hàng tại ${other.gateName} (${other.gate}; ${state}): mỗi xe chỉ được giữ một ` +
    `lượt tại một cửa khẩu. Cần kết thúc hoặc hủy lượt đó trước khi vào bãi tại cửa khẩu ${gate}.`
  );
}

/** A share of `part` in `total` rounded to 3 decimals (0 when there is nothing to share). */
export function rate(part: number, total: number): number {
  return total > 0 ? Math.round((part / total) * 1000) / 1000 : 0;
}
