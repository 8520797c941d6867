import { STATE_LABELS_VI, type VehicleState } from './vehicle-states.js';

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
export function checkInRefusal(plate: string, gate: string, declarations: readonly OtherDeclaration[]): string {
  const d = declarations[0];
  if (!d)
    return `Xe ${plate} chưa được khai báo: không có tờ khai nào. Đề nghị lái xe liên hệ doanh nghiệp để lập tờ khai.`;
  const which = `Tờ khai ${d.declarationNumber} của xe ${plate}`;
  const elsewhere = d.gate !== gate ? ` (khai báo qua cửa khẩu ${d.gate}, không phải ${gate})` : '';
  switch (d.status) {
    case 'DRAFT':
      return `${which} chưa được nộp (bản nháp)${elsewhere}: doanh nghiệp cần nộp tờ khai để hải quan chấp nhận.`;
    case 'SUBMITTED':
      return `${which} đã nộp, đang chờ hải quan chấp nhận${elsewhere}: chưa thể vào bãi.`;
    case 'REJECTED':
      return `${which} đã bị hải quan từ chối${d.reason ? `: ${d.reason}` : ''}${elsewhere}. Doanh nghiệp cần lập tờ khai mới.`;
    case 'CANCELLED':
      return `${which} đã bị hủy${elsewhere}. Doanh nghiệp cần lập tờ khai mới.`;
    default:
      return `${which} ${STATE_LABELS_VI[d.status]}${elsewhere}: không thể vào bãi lần nữa với tờ khai này.`;
  }
}
