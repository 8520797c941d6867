import type { Language } from '../language/language.js';
import type { VehicleState } from '../lifecycle/vehicle-states.js';
import { refusal, type Refusal } from '../refusal.js';

// What a firm's own systems are told about its vehicles (DESIGN: open door for firms' systems). One event
// concerns one vehicle: the receiver orders by vehicle, and the platform delivers a vehicle's events in order.

export const WEBHOOK_EVENT_TYPES = [
  'declaration.accepted',
  'declaration.rejected',
  'declaration.correction_requested',
  'vehicle.checked_in',
  'vehicle.reslotted',
  'vehicle.called',
  'vehicle.at_gate',
  'vehicle.held',
  'vehicle.released',
  'vehicle.cleared',
  'vehicle.crossed',
  'vehicle.turned_back',
  'vehicle.no_show',
  'vehicle.cancelled',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Shown in the firm portal next to the type code. */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, Record<Language, string>> = {
  'declaration.accepted': { vi: 'Tờ khai được chấp nhận', en: 'Declaration accepted', zh: '申报单已接受' },
  'declaration.rejected': { vi: 'Tờ khai bị từ chối', en: 'Declaration rejected', zh: '申报单被拒绝' },
  'declaration.correction_requested': { vi: 'Yêu cầu sửa tờ khai', en: 'Correction requested', zh: '要求修改申报单' },
  'vehicle.checked_in': { vi: 'Xe vào bãi chờ', en: 'Checked in', zh: '车辆进入停车场' },
  'vehicle.reslotted': { vi: 'Đổi khung giờ', en: 'Re-slotted', zh: '时段变更' },
  'vehicle.called': {
    vi: 'Xe được gọi (có hạn đến cổng)',
    en: 'Called, with deadline',
    zh: '车辆被叫号（有进闸期限）',
  },
  'vehicle.at_gate': { vi: 'Xe đến cổng', en: 'At the gate', zh: '车辆到达闸口' },
  'vehicle.held': { vi: 'Xe bị giữ kiểm tra', en: 'Held', zh: '车辆被扣留检查' },
  'vehicle.released': { vi: 'Xe được tiếp tục', en: 'Released', zh: '车辆放行继续' },
  'vehicle.cleared': { vi: 'Xe đã thông quan', en: 'Cleared', zh: '车辆已通关' },
  'vehicle.crossed': { vi: 'Xe đã qua cửa khẩu', en: 'Crossed', zh: '车辆已过境' },
  'vehicle.turned_back': { vi: 'Xe bị buộc quay đầu', en: 'Turned back', zh: '车辆被责令返回' },
  'vehicle.no_show': { vi: 'Xe vắng mặt khi được gọi', en: 'No-show', zh: '叫号时车辆未到' },
  'vehicle.cancelled': { vi: 'Lượt xếp hàng bị hủy', en: 'Queue place cancelled', zh: '排队已取消' },
};

/** The declaration events a firm's receiver hears, by the platform's internal event type. */
export function declarationWebhookEvent(internalType: string): WebhookEventType | null {
  if (internalType === 'declaration.accepted') return 'declaration.accepted';
  if (internalType === 'declaration.rejected') return 'declaration.rejected';
  if (internalType === 'declaration.correction_requested') return 'declaration.correction_requested';
  return null;
}

/** A vehicle's place in the yard as last known: its lifecycle state and its slot window. */
export interface VehiclePlace {
  status: VehicleState;
  window: { start: string; end: string } | null;
}

/**
 * Which event a change of a vehicle's place in the yard is for a firm's receiver, or null when there is none
 * (an estimate refreshed, a position moved up). Decided from the state before and after, not from the
 * yard's reason for the change, so a change that moved several vehicles gives each the right event.
 */
export function queueWebhookEvent(before: VehiclePlace, after: VehiclePlace): WebhookEventType | null {
  const from = before.status;
  const to = after.status;
  // A vehicle that missed its call goes back to the yard (first miss) or loses its place (second miss).
  if (from === 'CALLED' && (to === 'CHECKED_IN' || to === 'ACCEPTED')) return 'vehicle.no_show';
  if (from === to) {
    if (to !== 'CHECKED_IN') return null;
    const a = before.window;
    const b = after.window;
    return a?.start === b?.start && a?.end === b?.end ? null : 'vehicle.reslotted';
  }
  switch (to) {
    case 'CHECKED_IN':
      return 'vehicle.checked_in';
    case 'CALLED':
      return 'vehicle.called';
    case 'AT_GATE':
      return from === 'HELD' ? 'vehicle.released' : 'vehicle.at_gate';
    case 'HELD':
      return 'vehicle.held';
    case 'CLEARED':
      return 'vehicle.cleared';
    case 'CROSSED':
      return 'vehicle.crossed';
    case 'TURNED_BACK':
      return 'vehicle.turned_back';
    case 'CANCELLED':
      return 'vehicle.cancelled';
    default:
      return null;
  }
}

/**
 * Where a firm may have its events sent: https anywhere, plain http only to this machine (a receiver under
 * test). Returns the refusal when refused.
 */
export function webhookUrlProblem(raw: string): Refusal | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refusal('webhookUrlInvalid');
  }
  if (url.username || url.password) return refusal('webhookUrlCredentials');
  if (url.protocol === 'https:') return null;
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol === 'http:' && loopback) return null;
  return refusal('webhookUrlHttps');
}

/**
 * The wait before the next attempt after `attempts` failed ones: doubling from `baseMs`, capped at `maxMs`,
 * with up to a fifth taken off at random (`jitter` in [0, 1)) so receivers coming back are not hit at once.
 */
export function webhookRetryDelayMs(attempts: number, baseMs: number, maxMs: number, jitter: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 40);
  const full = Math.min(baseMs * 2 ** exponent, maxMs);
  return Math.round(full * (1 - 0.2 * Math.min(Math.max(jitter, 0), 1)));
}
