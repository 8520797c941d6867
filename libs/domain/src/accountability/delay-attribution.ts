import type { Agency } from '../lifecycle/confirmations.js';
import { type DelayReason, delayReason } from './delay-reasons.js';

// Two-sided accountability (issue 16): every delay of a vehicle's stay is put down to whoever caused it — the
// firm, the gate (capacity, operators), an agency (customs, border guard, quarantine) or a suspension — from the
// entry's own audit trail, and a firm's no-show is not held against it when the gate or an agency caused it.

export const DELAY_PARTIES = ['FIRM', 'GATE', 'AGENCY', 'SUSPENSION'] as const;
export type DelayParty = (typeof DELAY_PARTIES)[number];

/** The stretches of a stay a delay can fall in, named after what the vehicle was waiting for. */
export const DELAY_SEGMENTS = ['WAIT_FOR_CALL', 'CALL_TO_ARRIVAL', 'AT_GATE', 'HOLD', 'CLEARED_TO_CROSSING'] as const;
export type DelaySegment = (typeof DELAY_SEGMENTS)[number];

/** The lane as it was when a vehicle was called (kept with the call in the audit trail). */
export interface CallConditions {
  /** Start of the window the vehicle held when called (null: called without one). */
  windowStart: Date | null;
  /** Vehicles of the lane already called or at the gate (called, at the gate, held, cleared) before this call. */
  inGateArea: number;
  /** Places of the lane's current window (0 when the gate is closed now). */
  windowCapacity: number;
  /** Vehicles of the lane held by each agency when the call was made. */
  held: Partial<Record<Agency, number>>;
}

/** One line of an entry's audit trail, as the attribution reads it (oldest first). */
export interface TrailEvent {
  /** check-in, call, arrive, confirm:CUSTOMS, hold, release, no-show, turn-back, cross, cancel */
  action: string;
  to: string | null;
  at: Date;
  /** The role of whoever acted (SYSTEM for the grace-period sweep). */
  actorRole: string;
  /** On calls: the lane when the call was made (absent on calls recorded before it was kept). */
  call?: CallConditions | null;
}

/** A period the gate was suspended; `until` null while it lasts. */
export interface SuspensionInterval {
  from: Date;
  until: Date | null;
}

export interface AttributedDelay {
  segment: DelaySegment;
  from: Date;
  until: Date;
  minutes: number;
  party: DelayParty;
  agency: Agency | null;
  /** Why, by code and the facts it names (said in the reader's language through the catalog). */
  reason: DelayReason;
}

const MINUTE = 60_000;

/** The agency an officer acts for when holding or turning back a vehicle (customs or the border guard). */
function agencyOfRole(role: string): Agency | null {
  return role === 'CUSTOMS' || role === 'BORDER_GUARD' ? role : null;
}

/** Milliseconds of [from, until) covered by the suspensions. */
function suspendedMs(from: Date, until: Date, suspensions: readonly SuspensionInterval[]): number {
  let ms = 0;
  for (const s of suspensions) {
    const a = Math.max(from.getTime(), s.from.getTime());
    const b = Math.min(until.getTime(), s.until?.getTime() ?? Infinity);
    if (b > a) ms += b - a;
  }
  return ms;
}

function isSuspendedAt(at: Date, suspensions: readonly SuspensionInterval[]): boolean {
  return suspensions.some((s) => s.from <= at && (s.until === null || at < s.until));
}

const heldAgencies = (c: CallConditions): Agency[] =>
  (Object.entries(c.held) as [Agency, number][]).filter(([, n]) => n > 0).map(([a]) => a);

/**
 * Who caused the wait between a call and the vehicle's arrival (or its no-show): a suspension when the call
 * came while the gate was suspended or the gate was suspended most of the time; an agency when it held vehicles
 * of the lane at the call; the gate when the call came with the lane already over its window's capacity; the
 * firm otherwise (its truck did not come).
 */
function callParty(
  call: TrailEvent,
  until: Date,
  suspensions: readonly SuspensionInterval[],
): Pick<AttributedDelay, 'party' | 'agency' | 'reason'> {
  const span = until.getTime() - call.at.getTime();
  if (isSuspendedAt(call.at, suspensions))
    return { party: 'SUSPENSION', agency: null, reason: delayReason('CALLED_DURING_SUSPENSION') };
  if (span > 0 && suspendedMs(call.at, until, suspensions) * 2 >= span)
    return { party: 'SUSPENSION', agency: null, reason: delayReason('SUSPENDED_AFTER_CALL') };
  const c = call.call;
  const held = c ? heldAgencies(c) : [];
  if (held.length > 0)
    return {
      party: 'AGENCY',
      agency: held[0],
      reason: delayReason('LANE_BLOCKED_BY_HOLD', { agency: held[0] }),
    };
  if (c && c.inGateArea >= c.windowCapacity)
    return {
      party: 'GATE',
      agency: null,
      reason: delayReason('GATE_AREA_FULL', { inGateArea: c.inGateArea, windowCapacity: c.windowCapacity }),
    };
  return { party: 'FIRM', agency: null, reason: delayReason('NOT_ARRIVED_AFTER_CALL') };
}

/** The agency whose confirmation came last (or, with one missing at the end, the first one still missing). */
function slowestAgency(confirmedInOrder: readonly Agency[], required: readonly Agency[]): Agency | null {
  const missing = required.filter((a) => !confirmedInOrder.includes(a));
  return missing[0] ?? confirmedInOrder[confirmedInOrder.length - 1] ?? null;
}

/**
 * Every delay of an entry's stay longer than `thresholdMinutes`, attributed. The trail is walked state by state:
 * - waiting for the call past the start of the window it held (the gate did not call it in time);
 * - from the call to the arrival or the no-show (see callParty);
 * - at the gate waiting for confirmations (the agency whose confirmation came last);
 * - held (the agency that held it);
 * - cleared but not yet across (the gate).
 * Whatever the party, a suspension covering at least half of a delay makes it the suspension's.
 * `required` are the agencies that must confirm this vehicle (customs, border guard, and quarantine when needed).
 */
export function attributeDelays(
  trail: readonly TrailEvent[],
  o: { suspensions: readonly SuspensionInterval[]; thresholdMinutes: number; required: readonly Agency[] },
): AttributedDelay[] {
  const out: AttributedDelay[] = [];
  let state: string | null = null;
  let since: Date | null = null;
  let lastCall: TrailEvent | null = null;
  let heldBy: Agency | null = null;
  const confirmed: Agency[] = [];
  const push = (d: Omit<AttributedDelay, 'minutes'>) => {
    const ms = d.until.getTime() - d.from.getTime();
    if (ms <= o.thresholdMinutes * MINUTE) return;
    const suspended = suspendedMs(d.from, d.until, o.suspensions);
    const delay = { ...d, minutes: Math.round(ms / MINUTE) };
    out.push(
      d.party !== 'SUSPENSION' && suspended * 2 >= ms
        ? { ...delay, party: 'SUSPENSION', agency: null, reason: delayReason('SUSPENDED_MOST_OF_WAIT') }
        : delay,
    );
  };
  for (const ev of trail) {
    if (ev.action.startsWith('confirm:')) {
      const a = ev.action.slice('confirm:'.length) as Agency;
      if (!confirmed.includes(a)) confirmed.push(a);
    }
    if (ev.action === 'hold') heldBy = agencyOfRole(ev.actorRole);
    const next: string | null = ev.to ?? state;
    if (state !== null && since !== null && next !== state) {
      const closing = { from: since, until: ev.at };
      switch (state) {
        case 'CHECKED_IN': {
          const windowStart = ev.action === 'call' ? (ev.call?.windowStart ?? null) : null;
          if (windowStart && windowStart > since)
            push({
              segment: 'WAIT_FOR_CALL',
              from: windowStart,
              until: ev.at,
              party: 'GATE',
              agency: null,
              reason: delayReason('CALLED_LATE'),
            });
          break;
        }
        case 'CALLED':
          if (lastCall) push({ segment: 'CALL_TO_ARRIVAL', ...closing, ...callParty(lastCall, ev.at, o.suspensions) });
          break;
        case 'AT_GATE': {
          const agency = ev.action === 'hold' || ev.action === 'turn-back' ? agencyOfRole(ev.actorRole) : null;
          const slowest = agency ?? slowestAgency(confirmed, o.required);
          push({
            segment: 'AT_GATE',
            ...closing,
            party: slowest ? 'AGENCY' : 'GATE',
            agency: slowest,
            reason: slowest
              ? delayReason('AWAITING_CONFIRMATION', { agency: slowest })
              : delayReason('AT_GATE_PROCEDURES'),
          });
          break;
        }
        case 'HELD':
          push({
            segment: 'HOLD',
            ...closing,
            party: heldBy ? 'AGENCY' : 'GATE',
            agency: heldBy,
            reason: heldBy ? delayReason('HELD_BY_AGENCY', { agency: heldBy }) : delayReason('HELD_AT_GATE'),
          });
          break;
        case 'CLEARED':
          push({
            segment: 'CLEARED_TO_CROSSING',
            ...closing,
            party: 'GATE',
            agency: null,
            reason: delayReason('SLOW_CROSSING'),
          });
          break;
      }
    }
    if (ev.action === 'call') lastCall = ev;
    if (next !== state) {
      state = next;
      since = ev.at;
    }
  }
  return out;
}

/**
 * The delays the trail's last event closed: the walk is the same for every prefix of a trail, so they are what the
 * whole trail yields beyond what it yielded without its last event (each delay is recorded once, by its closing).
 */
export function delaysClosedByLast(
  trail: readonly TrailEvent[],
  o: Parameters<typeof attributeDelays>[1],
): AttributedDelay[] {
  const before = attributeDelays(trail.slice(0, -1), o).length;
  return attributeDelays(trail, o).slice(before);
}

/** Whether a no-show counts against the firm, and why not when it does not. */
export interface NoShowJudgement {
  waived: boolean;
  party: DelayParty;
  agency: Agency | null;
  /** What caused the miss: the firm reads it on its vehicle when the no-show is waived. */
  reason: DelayReason;
}

/**
 * A no-show at `at` judged from the trail: the wait since the vehicle's last call is attributed as any other
 * delay (see attributeDelays); unless the firm caused it, the sanction (the penalty, and a second no-show's loss
 * of the yard place) is waived. A trail without a call is the firm's (nothing else can explain the miss).
 */
export function judgeNoShow(
  trail: readonly TrailEvent[],
  at: Date,
  suspensions: readonly SuspensionInterval[],
): NoShowJudgement {
  const call = [...trail].reverse().find((e) => e.action === 'call');
  if (!call) return { waived: false, party: 'FIRM', agency: null, reason: delayReason('NOT_ARRIVED_AFTER_CALL') };
  const p = callParty(call, at, suspensions);
  return { waived: p.party !== 'FIRM', ...p };
}

/** A gate's suspension history (suspend and resume records, oldest first) as intervals. */
export function suspensionIntervals(
  records: readonly { action: 'suspend' | 'resume'; at: Date; until: Date | null }[],
): SuspensionInterval[] {
  const out: SuspensionInterval[] = [];
  let open: SuspensionInterval | null = null;
  for (const r of records) {
    if (open && (open.until === null || open.until > r.at)) open.until = r.at;
    open = null;
    if (r.action === 'suspend') {
      open = { from: r.at, until: r.until };
      out.push(open);
    }
  }
  return out;
}
