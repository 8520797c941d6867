import { formatVietnamTime } from '../slots/local-time.js';
import { describeState, isActiveQueueState, isVehicleState, type VehicleState } from './vehicle-states.js';

/**
 * Whether a firm may still amend or cancel a vehicle the yard owns (accepted, perhaps already in the yard),
 * decided from the vehicle's latest queue entry, as the yard sees it under the row lock a check-in takes.
 * No entry, or a second no-show (sent back to ACCEPTED), leaves the vehicle outside the yard: the change may
 * go through. An active entry means the truck is in the yard and its data is frozen (DESIGN §3); a closed one
 * (crossed, turned back, cancelled by the yard) means this trip is over.
 */

export type FirmChange = 'amend' | 'cancel';

export interface LatestEntry {
  plate: string;
  gate: string;
  /** A vehicle state, or NO_SHOW (the entry a second no-show closed). */
  status: string;
  checkedInAt: Date | null;
  windowStart: Date | null;
}

const CHANGE_LABELS_VI: Record<FirmChange, string> = { amend: 'sửa tờ khai', cancel: 'hủy tờ khai' };

/** Null when the change may go through; otherwise the refusal, naming where the truck is and what to do. */
export function firmChangeRefusal(change: FirmChange, latest: LatestEntry | null): string | null {
  if (!latest || latest.status === 'NO_SHOW') return null;
  const status = latest.status as VehicleState;
  const state = isVehicleState(status) ? describeState(status) : latest.status;
  if (isVehicleState(status) && isActiveQueueState(status)) {
    const since = latest.checkedInAt ? ` lúc ${formatVietnamTime(latest.checkedInAt)}` : '';
    const window = latest.windowStart ? `, khung giờ ${formatVietnamTime(latest.windowStart)}` : '';
    const instead =
      change === 'cancel'
        ? 'Nếu xe không qua cửa khẩu nữa, đề nghị cán bộ bãi chờ hủy lượt xếp hàng của xe.'
        : 'Dữ liệu xe đã khóa khi vào bãi; nếu cần đổi lái xe hoặc hàng hóa, đề nghị cán bộ bãi chờ hủy lượt xếp hàng rồi lập tờ khai mới.';
    return `Không thể ${CHANGE_LABELS_VI[change]}: xe ${latest.plate} đã vào bãi chờ cửa khẩu ${latest.gate}${since}${window}, trạng thái ${state}. ${instead}`;
  }
  return `Không thể ${CHANGE_LABELS_VI[change]}: xe ${latest.plate} đã kết thúc lượt qua cửa khẩu ${latest.gate} (trạng thái ${state}).`;
}
