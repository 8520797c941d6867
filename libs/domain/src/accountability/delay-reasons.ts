import { AGENCIES, type Agency } from '../lifecycle/confirmations.js';
import { type Refusal, refusal } from '../refusal.js';

// Why a delay was put down to whoever caused it, and why a no-show was waived: a code and the facts it names,
// stored as such and said in the reader's language through the catalog (libs/errors, `delay_<CODE>`).

export const DELAY_REASONS = [
  /** The truck was called while the gate was suspended. */
  'CALLED_DURING_SUSPENSION',
  /** The gate was suspended for most of the time since the truck's call. */
  'SUSPENDED_AFTER_CALL',
  /** The gate was suspended for most of the wait. */
  'SUSPENDED_MOST_OF_WAIT',
  /** When the truck was called, `agency` held another truck at the gate: the lane was blocked. */
  'LANE_BLOCKED_BY_HOLD',
  /** The truck was called with the gate area over its window's capacity (`inGateArea` of `windowCapacity`). */
  'GATE_AREA_FULL',
  /** The truck did not come to the gate after its call (the firm's). */
  'NOT_ARRIVED_AFTER_CALL',
  /** The truck was not called in the window it held. */
  'CALLED_LATE',
  /** The truck waited at the gate for `agency` to confirm it. */
  'AWAITING_CONFIRMATION',
  /** The truck waited at the gate for its formalities. */
  'AT_GATE_PROCEDURES',
  /** `agency` held the truck for inspection. */
  'HELD_BY_AGENCY',
  /** The truck was held at the gate. */
  'HELD_AT_GATE',
  /** Cleared, the truck waited long to cross. */
  'SLOW_CROSSING',
  /** A reason recorded as a sentence before reasons had codes, and not recognised: its `text`, as it was. */
  'LEGACY',
] as const;
export type DelayReasonCode = (typeof DELAY_REASONS)[number];

/** The facts a reason names. */
export interface DelayReasonParams {
  agency?: Agency;
  inGateArea?: number;
  windowCapacity?: number;
  /** LEGACY only: the sentence as it was recorded. */
  text?: string;
}

export interface DelayReason {
  code: DelayReasonCode;
  params?: DelayReasonParams;
}

export function delayReason(code: DelayReasonCode, params?: DelayReasonParams): DelayReason {
  return params ? { code, params } : { code };
}

/** The reason as the catalog says it (libs/errors), its agency a phrase said in the same language. */
export function delayReasonPhrase(r: DelayReason): Refusal {
  const { agency, ...facts } = r.params ?? {};
  const params = { ...facts, ...(agency ? { agency: refusal(`agency_${agency}`) } : {}) };
  return refusal(`delay_${r.code}`, Object.keys(params).length ? params : undefined);
}

export function isDelayReasonCode(s: unknown): s is DelayReasonCode {
  return (DELAY_REASONS as readonly unknown[]).includes(s);
}

/** A reason as stored or carried by an event, checked: an unknown shape is kept readable as LEGACY text. */
export function toDelayReason(raw: unknown): DelayReason {
  if (typeof raw === 'string') return legacyDelayReason(raw);
  const r = raw as Partial<DelayReason> | null;
  if (!r || !isDelayReasonCode(r.code)) return delayReason('LEGACY', { text: JSON.stringify(raw) ?? '' });
  const p = r.params ?? {};
  const params: DelayReasonParams = {};
  if ((AGENCIES as readonly unknown[]).includes(p.agency)) params.agency = p.agency;
  for (const k of ['inGateArea', 'windowCapacity'] as const) if (Number.isInteger(p[k])) params[k] = p[k];
  if (typeof p.text === 'string') params.text = p.text;
  return delayReason(r.code, Object.keys(params).length ? params : undefined);
}

/** A no-show not held against the firm, as stored with the queue entry and its copies: when, and why. */
export interface NoShowWaiverRecord {
  at: string;
  reason: DelayReason;
}

/**
 * A stored or relayed waiver, checked. Waivers recorded before reasons had codes carry their Vietnamese sentence
 * (`reason` a string): it is read back to its code where it is one of the known sentences.
 */
export function toNoShowWaiverRecord(raw: unknown): NoShowWaiverRecord | null {
  const w = raw as { at?: unknown; reason?: unknown } | null | undefined;
  if (!w || typeof w.at !== 'string') return null;
  return { at: w.at, reason: toDelayReason(w.reason) };
}

// The sentences recorded before reasons had codes (the Vietnamese the attribution wrote until then), read back.
const LEGACY_AGENCY: Record<string, Agency> = {
  'Hải quan': 'CUSTOMS',
  'Biên phòng': 'BORDER_GUARD',
  'Kiểm dịch': 'QUARANTINE',
};
const AGENCY_NAME = `(${Object.keys(LEGACY_AGENCY).join('|')})`;
const LEGACY_WAIVER_PREFIX = 'Không tính lỗi vắng mặt cho doanh nghiệp: ';
const LEGACY_SENTENCES: [RegExp, (m: RegExpMatchArray) => DelayReason][] = [
  [/^Xe được gọi trong lúc cửa khẩu đang tạm dừng hoạt động\.$/, () => delayReason('CALLED_DURING_SUSPENSION')],
  [/^Cửa khẩu tạm dừng hoạt động trong phần lớn thời gian xe được gọi\.$/, () => delayReason('SUSPENDED_AFTER_CALL')],
  [/^Cửa khẩu tạm dừng hoạt động trong phần lớn thời gian chờ\.$/, () => delayReason('SUSPENDED_MOST_OF_WAIT')],
  [
    new RegExp(`^Khi xe được gọi, ${AGENCY_NAME} đang giữ xe khác tại cổng để kiểm tra, làn vào cổng bị chặn\\.$`),
    (m) => delayReason('LANE_BLOCKED_BY_HOLD', { agency: LEGACY_AGENCY[m[1]] }),
  ],
  [
    /^Xe được gọi khi khu vực cổng đã quá công suất \((\d+) xe đang ở cổng, khung giờ chỉ có (\d+) chỗ\)\.$/,
    (m) => delayReason('GATE_AREA_FULL', { inGateArea: Number(m[1]), windowCapacity: Number(m[2]) }),
  ],
  [/^Xe không đến cổng sau khi được gọi\.$/, () => delayReason('NOT_ARRIVED_AFTER_CALL')],
  [/^Xe không được gọi đúng khung giờ đã cấp\.$/, () => delayReason('CALLED_LATE')],
  [
    new RegExp(`^Xe chờ xác nhận của ${AGENCY_NAME} tại cổng\\.$`),
    (m) => delayReason('AWAITING_CONFIRMATION', { agency: LEGACY_AGENCY[m[1]] }),
  ],
  [/^Xe chờ tại cổng để làm thủ tục\.$/, () => delayReason('AT_GATE_PROCEDURES')],
  [
    new RegExp(`^Xe bị ${AGENCY_NAME} giữ lại để kiểm tra\\.$`),
    (m) => delayReason('HELD_BY_AGENCY', { agency: LEGACY_AGENCY[m[1]] }),
  ],
  [/^Xe bị giữ lại tại cổng\.$/, () => delayReason('HELD_AT_GATE')],
  [/^Xe đã thông quan nhưng chờ lâu mới qua cổng\.$/, () => delayReason('SLOW_CROSSING')],
];

/**
 * A reason recorded as a Vietnamese sentence: its code when it is one the attribution wrote (a waiver's sentence
 * began with "Không tính lỗi vắng mặt cho doanh nghiệp: " and the cause in lower case), else LEGACY with the text.
 */
export function legacyDelayReason(text: string): DelayReason {
  const cause = text.startsWith(LEGACY_WAIVER_PREFIX) ? text.slice(LEGACY_WAIVER_PREFIX.length) : text;
  const sentence = cause.charAt(0).toUpperCase() + cause.slice(1);
  for (const [pattern, read] of LEGACY_SENTENCES) {
    const m = sentence.match(pattern);
    if (m) return read(m);
  }
  return delayReason('LEGACY', { text });
}
