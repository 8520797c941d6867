import type { Language } from '../language/language.js';

/**
 * What the platform tells a driver or a firm, derived from the events the services exchange: a call (with its
 * deadline), a slot moved by more than 30 minutes, a hold and its release, the gate suspended and resumed, and the
 * customs decisions on a declaration. `call_unreached` is the escalation of a call nobody confirmed receiving.
 */
export const NOTICE_KINDS = [
  'called',
  'reslotted',
  'held',
  'released',
  'suspended',
  'resumed',
  'accepted',
  'rejected',
  'correction_requested',
  'call_unreached',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The channels a message can go out on. */
export const CHANNELS = ['sms', 'zns', 'push', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The channels that reach the driver's phone; e-mail goes to the firm. */
export const DRIVER_CHANNELS = ['sms', 'zns', 'push'] as const satisfies readonly Channel[];
export type DriverChannel = (typeof DRIVER_CHANNELS)[number];

/** A slot moved by more than this is worth a message (smaller moves are the queue breathing). */
export const RESLOT_THRESHOLD_MS = 30 * 60_000;

/** What the notification service remembers of a queue entry between two changes. */
export interface EntryMemory {
  status: string;
  windowStart: string | null;
  calledAt: string | null;
  callDeadline: string | null;
}

/** The driver notices one change of a vehicle's queue entry calls for (`before` null: first time seen). */
export function entryNotices(before: EntryMemory | null, after: EntryMemory): NoticeKind[] {
  const out: NoticeKind[] = [];
  if (after.status === 'CALLED' && after.calledAt && after.calledAt !== before?.calledAt) out.push('called');
  if (after.status === 'HELD' && before?.status !== 'HELD') out.push('held');
  if (before?.status === 'HELD' && after.status !== 'HELD' && after.status !== 'TURNED_BACK') out.push('released');
  if (
    before?.windowStart &&
    after.windowStart &&
    after.status === 'CHECKED_IN' &&
    Math.abs(Date.parse(after.windowStart) - Date.parse(before.windowStart)) > RESLOT_THRESHOLD_MS
  )
    out.push('reslotted');
  return out;
}

/** The gate notice a change of its suspension calls for, if any. */
export function gateNotice(wasSuspended: boolean, isSuspended: boolean): 'suspended' | 'resumed' | null {
  if (!wasSuspended && isSuspended) return 'suspended';
  if (wasSuspended && !isSuspended) return 'resumed';
  return null;
}

/** Hours and minutes in Vietnam time (UTC+7 all year), as the driver reads a deadline: "10:40". */
export function vietnamTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

export interface NoticeFacts {
  plate: string;
  /** The public tracking page of the vehicle. */
  link: string;
  /** A call's deadline to reach the gate. */
  deadline?: string | null;
  /** The new window's start (re-slotted). */
  windowStart?: string | null;
  /** Why (a hold, a suspension, a rejection, a correction). */
  reason?: string | null;
  gateName?: string;
}

type Template = (f: NoticeFacts) => string;

const because = (f: NoticeFacts, word: string) => (f.reason ? ` ${word}${f.reason}.` : '');

/** Every driver message, in the three languages the gate reads: one place, one table. */
const DRIVER_TEMPLATES: Record<Language, Record<NoticeKind, Template>> = {
  vi: {
    called: (f) =>
      `Xe ${f.plate} đã được gọi vào cửa khẩu. Hạn đến cổng ${vietnamTime(f.deadline!)}. Theo dõi: ${f.link}`,
    reslotted: (f) =>
      `Xe ${f.plate} được xếp lại khung giờ, dự kiến từ ${vietnamTime(f.windowStart!)}. Theo dõi: ${f.link}`,
    held: (f) => `Xe ${f.plate} bị tạm giữ để kiểm tra.${because(f, 'Lý do: ')} Theo dõi: ${f.link}`,
    released: (f) => `Xe ${f.plate} đã được giải phóng, tiếp tục làm thủ tục. Theo dõi: ${f.link}`,
    suspended: (f) =>
      `Cửa khẩu tạm dừng thông quan.${because(f, 'Lý do: ')} Xe ${f.plate} giữ chỗ. Theo dõi: ${f.link}`,
    resumed: (f) => `Cửa khẩu đã hoạt động trở lại. Xe ${f.plate}: ${f.link}`,
    accepted: (f) => `Tờ khai của xe ${f.plate} đã được hải quan chấp nhận. Theo dõi: ${f.link}`,
    rejected: (f) => `Tờ khai của xe ${f.plate} bị từ chối.${because(f, 'Lý do: ')}`,
    correction_requested: (f) => `Tờ khai của xe ${f.plate} cần bổ sung.${because(f, '')}`,
    call_unreached: (f) => `Xe ${f.plate} đã được gọi nhưng chưa liên lạc được. Theo dõi: ${f.link}`,
  },
  zh: {
    called: (f) =>
      `车辆 ${f.plate} 已被叫号进入口岸。请于 ${vietnamTime(f.deadline!)}（越南时间）前到达闸口。查看：${f.link}`,
    reslotted: (f) =>
      `车辆 ${f.plate} 的时段已调整，预计从 ${vietnamTime(f.windowStart!)}（越南时间）开始。查看：${f.link}`,
    held: (f) => `车辆 ${f.plate} 被暂扣检查。${f.reason ? `原因：${f.reason}。` : ''}查看：${f.link}`,
    released: (f) => `车辆 ${f.plate} 已放行，请继续办理手续。查看：${f.link}`,
    suspended: (f) => `口岸暂停通关。${f.reason ? `原因：${f.reason}。` : ''}车辆 ${f.plate} 保留位置。查看：${f.link}`,
    resumed: (f) => `口岸已恢复通关。车辆 ${f.plate}：${f.link}`,
    accepted: (f) => `车辆 ${f.plate} 的申报已被海关接受。查看：${f.link}`,
    rejected: (f) => `车辆 ${f.plate} 的申报被拒绝。${f.reason ? `原因：${f.reason}。` : ''}`,
    correction_requested: (f) => `车辆 ${f.plate} 的申报需要补充。${f.reason ?? ''}`,
    call_unreached: (f) => `车辆 ${f.plate} 已被叫号，但尚未联系上。查看：${f.link}`,
  },
  en: {
    called: (f) =>
      `Truck ${f.plate} has been called to the border gate. Reach the gate by ${vietnamTime(f.deadline!)} (Vietnam time). Track: ${f.link}`,
    reslotted: (f) =>
      `Truck ${f.plate} has a new time slot, expected from ${vietnamTime(f.windowStart!)} (Vietnam time). Track: ${f.link}`,
    held: (f) => `Truck ${f.plate} is held for inspection.${because(f, 'Reason: ')} Track: ${f.link}`,
    released: (f) => `Truck ${f.plate} has been released; formalities continue. Track: ${f.link}`,
    suspended: (f) =>
      `The border gate is suspended.${because(f, 'Reason: ')} Truck ${f.plate} keeps its place. Track: ${f.link}`,
    resumed: (f) => `The border gate has resumed. Truck ${f.plate}: ${f.link}`,
    accepted: (f) => `The declaration of truck ${f.plate} was accepted by customs. Track: ${f.link}`,
    rejected: (f) => `The declaration of truck ${f.plate} was rejected.${because(f, 'Reason: ')}`,
    correction_requested: (f) => `The declaration of truck ${f.plate} needs a correction.${because(f, '')}`,
    call_unreached: (f) => `Truck ${f.plate} was called but could not be reached. Track: ${f.link}`,
  },
};

/** The text a driver receives, in his language. */
export function driverMessage(kind: NoticeKind, language: Language, facts: NoticeFacts): string {
  return DRIVER_TEMPLATES[language][kind](facts);
}

const FIRM_SUBJECTS: Record<NoticeKind, (f: NoticeFacts) => string> = {
  called: (f) => `Xe ${f.plate} đã được gọi — hạn đến cổng ${vietnamTime(f.deadline!)}`,
  reslotted: (f) => `Xe ${f.plate} được xếp lại khung giờ`,
  held: (f) => `Xe ${f.plate} bị tạm giữ`,
  released: (f) => `Xe ${f.plate} đã được giải phóng`,
  suspended: () => 'Cửa khẩu tạm dừng thông quan',
  resumed: () => 'Cửa khẩu hoạt động trở lại',
  accepted: (f) => `Tờ khai ${f.plate} đã được chấp nhận`,
  rejected: (f) => `Tờ khai ${f.plate} bị từ chối`,
  correction_requested: (f) => `Tờ khai ${f.plate} cần bổ sung`,
  call_unreached: (f) => `Đã gọi xe ${f.plate} — chưa liên lạc được với lái xe`,
};

const LANGUAGE_NAMES: Record<Language, string> = { vi: 'tiếng Việt', zh: 'tiếng Trung', en: 'tiếng Anh' };

/**
 * The firm's e-mail: a Vietnamese subject and text and, for a driver who reads another language, the message as
 * the driver received it, so the firm can read it back to him on the phone.
 */
export function firmMessage(
  kind: NoticeKind,
  facts: NoticeFacts,
  driverLanguage: Language = 'vi',
): { subject: string; text: string } {
  const lines = [driverMessage(kind, 'vi', facts)];
  if (kind === 'call_unreached')
    lines.unshift('Hệ thống chưa nhận được xác nhận lái xe đã nhận tin gọi xe. Vui lòng liên hệ lái xe ngay.');
  if (driverLanguage !== 'vi')
    lines.push(`Tin gửi lái xe (${LANGUAGE_NAMES[driverLanguage]}): ${driverMessage(kind, driverLanguage, facts)}`);
  return { subject: FIRM_SUBJECTS[kind](facts), text: `${lines.join('\n\n')}\n` };
}

/**
 * When to try a failed delivery again: the provider's own `Retry-After` when it gave one (429), otherwise
 * exponential backoff from `baseMs` (attempt 1 waits `baseMs`), capped at one hour.
 */
export function retryDelayMs(attempt: number, baseMs: number, retryAfterMs?: number | null): number {
  if (retryAfterMs !== undefined && retryAfterMs !== null && retryAfterMs >= 0) return Math.min(retryAfterMs, 3600_000);
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3600_000);
}

/** `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP date, as milliseconds from `now`; null if absent or bad. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | null {
  if (!header) return null;
  const t = header.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const at = Date.parse(t);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
