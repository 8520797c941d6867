import type { AuthUser } from '#libs/auth/src/index.js';
import {
  type Agency,
  applyAction,
  type CallConditions,
  canConfirm,
  delaysClosedByLast,
  isClearable,
  type NoShowJudgement,
  repeatedConfirmation,
  requiredAgencies,
  type SuspensionInterval,
  type TrailEvent,
  type VehicleAction,
  type VehicleState,
} from '#libs/domain/src/index.js';
import { AppError, stateMessage } from '#libs/errors/src/index.js';
import type { ConfirmDto, NoteDto } from './dto/queue.dto.js';
import type { AuditRecord, DelayRow } from './queue.repository.js';
import type { EntryRecord, QueueActor } from './queue.types.js';

export type GateAction =
  'call' | 'arrive' | 'confirm' | 'hold' | 'release' | 'turn-back' | 'no-show' | 'cross' | 'cancel';

export const DOMAIN_ACTION: Record<Exclude<GateAction, 'confirm'>, VehicleAction> = {
  call: 'call',
  arrive: 'arrive',
  hold: 'hold',
  release: 'release',
  'turn-back': 'turnBack',
  'no-show': 'noShow',
  cross: 'cross',
  cancel: 'cancel',
};

/**
 * Gate actions on a vehicle past its call: none leaves or enters the waiting queue, takes or gives back a place, or
 * reads another entry, so two of them on one lane need not wait for each other. They hold the lane in share mode
 * (so check-ins, calls, no-shows, re-slots and estimates still exclude them) and their entry's row lock; the gate
 * row, taken by the statement that numbers the change, still orders every change of the gate from there to commit.
 * Each of them is refused by the state machine from CHECKED_IN, so the entry they lock is never a waiting one, and
 * each needs nothing read but its entry and its history: they are decided without a lock and filed in one statement.
 */
export type SharedAction = 'arrive' | 'confirm' | 'hold' | 'release' | 'turn-back' | 'cross';
const SHARED_ACTIONS: ReadonlySet<GateAction> = new Set<SharedAction>([
  'arrive',
  'confirm',
  'hold',
  'release',
  'turn-back',
  'cross',
]);
export const isSharedAction = (a: GateAction): a is SharedAction => SHARED_ACTIONS.has(a);
/** The actions decided from unlocked reads and filed in one statement: a call, and every shared action. */
export const isFiledAtOnce = (a: GateAction): a is SharedAction | 'call' => a === 'call' || isSharedAction(a);

/** A vehicle at the gate with every confirmation it needs is cleared at once. */
export function clearIfConfirmed(e: EntryRecord, now: Date): void {
  if (e.status !== 'AT_GATE' || !isClearable(Object.keys(e.confirmations) as Agency[], e.quarantineRequired)) return;
  const r = applyAction('AT_GATE', 'clear', {
    confirmed: Object.keys(e.confirmations) as Agency[],
    quarantineRequired: e.quarantineRequired,
  });
  if (r.ok) {
    e.status = r.state;
    e.clearedAt = now;
  }
}

/**
 * Applies a shared action to its entry by the domain's rules (a refusal throws) and returns the audit row that
 * records it. The entry's lock (locked path) or the filing's check that it has not moved (one statement) makes the
 * second of two confirmations by one agency see the first and be refused.
 */
export function applySharedAction(
  e: EntryRecord,
  action: SharedAction,
  body: ConfirmDto | NoteDto | undefined,
  user: AuthUser,
  actor: QueueActor,
  now: Date,
): AuditRecord {
  const from = e.status;
  const note = body && 'note' in body ? (body.note ?? null) : null;
  let audited: string = action;
  if (action === 'confirm') {
    const { agency } = body as ConfirmDto;
    if (!canConfirm(e.status as VehicleState)) {
      throw new AppError('ILLEGAL_TRANSITION', 'confirmNotNow', { state: stateMessage(e.status) });
    }
    if (agency === 'QUARANTINE' && !e.quarantineRequired) throw new AppError('CONFLICT', 'quarantineNotNeeded');
    const repeated = repeatedConfirmation(agency, e.confirmations[agency]);
    if (repeated) throw AppError.refused('CONFLICT', repeated);
    e.confirmations = { ...e.confirmations, [agency]: { officerId: user.id, at: now.toISOString(), note } };
    audited = `confirm:${agency}`;
  } else {
    const r = applyAction(e.status as VehicleState, DOMAIN_ACTION[action], { previousNoShows: e.noShowCount });
    if (!r.ok) throw AppError.refused('ILLEGAL_TRANSITION', r.refusal);
    if (action === 'hold') e.heldBy = actor.role;
    if (action === 'arrive') e.arrivedAt = now;
    if (action === 'turn-back' || action === 'cross') e.closedAt = now;
    e.status = r.state;
  }
  clearIfConfirmed(e, now);
  return { entryId: e.id, action: audited, from, to: e.status, actor, note, at: now, context: null };
}

/**
 * Calls a waiting entry by the domain's rules (a refusal throws): called now, with the gate's grace to arrive. It keeps
 * the place it held: it is using it now, whether its window has started or not. The audit row keeps the lane as the
 * call found it, which the delay attribution reads later.
 */
export function applyCall(
  e: EntryRecord,
  lane: CallConditions,
  graceMinutes: number,
  actor: QueueActor,
  note: string | null,
  now: Date,
): AuditRecord {
  const r = applyAction(e.status as VehicleState, 'call', { previousNoShows: e.noShowCount });
  if (!r.ok) throw AppError.refused('ILLEGAL_TRANSITION', r.refusal);
  const from = e.status;
  e.calledAt = now;
  e.callDeadline = new Date(now.getTime() + graceMinutes * 60_000);
  e.status = r.state;
  const context = { ...lane, windowStart: lane.windowStart?.toISOString() ?? null };
  return { entryId: e.id, action: 'call', from, to: e.status, actor, note, at: now, context };
}

/** An audit row as the delay attribution reads it from the trail (a call's with the lane it found). */
export const trailEventOf = (a: AuditRecord, call: CallConditions | null = null): TrailEvent => ({
  action: a.action,
  to: a.to ?? null,
  at: a.at,
  actorRole: a.actor.role,
  call,
});

/**
 * The delays an action closes: read from the entry's history with the action's own audit row appended (a call's with
 * the lane it found), as both the locked path and the one-statement filing record them.
 */
export const delaysClosedBy = (
  e: EntryRecord,
  h: { trail: readonly TrailEvent[]; suspensions: SuspensionInterval[] },
  audit: AuditRecord,
  thresholdMinutes: number,
  call: CallConditions | null = null,
): DelayRow[] => delayRows(e, [...h.trail, trailEventOf(audit, call)], h.suspensions, thresholdMinutes, null, audit.at);

/**
 * The delays the last action of `trail` closed (longer than the gate's setting), attributed from the entry's trail;
 * a waived no-show is recorded whatever its length, with its reason.
 */
export function delayRows(
  e: EntryRecord,
  trail: readonly TrailEvent[],
  suspensions: SuspensionInterval[],
  thresholdMinutes: number,
  judgement: NoShowJudgement | null,
  now: Date,
): DelayRow[] {
  const closed = delaysClosedByLast([...trail], {
    suspensions,
    thresholdMinutes,
    required: requiredAgencies(e.quarantineRequired),
  });
  const lane = { entryId: e.id, gate: e.gate, direction: e.direction, firmId: e.snapshot.firmId, recordedAt: now };
  const rows: DelayRow[] = closed.map((d) => ({
    ...lane,
    segment: d.segment,
    startedAt: d.from,
    endedAt: d.until,
    minutes: d.minutes,
    party: d.party,
    agency: d.agency,
    reason: d.reason.code,
    reasonParams: d.reason.params ?? null,
    noShowWaived: judgement?.waived === true && d.segment === 'CALL_TO_ARRIVAL',
  }));
  if (judgement?.waived && !rows.some((r) => r.noShowWaived)) {
    const call = [...trail].reverse().find((t) => t.action === 'call');
    const from = call?.at ?? now;
    rows.push({
      ...lane,
      segment: 'CALL_TO_ARRIVAL',
      startedAt: from,
      endedAt: now,
      minutes: Math.round((now.getTime() - from.getTime()) / 60_000),
      party: judgement.party,
      agency: judgement.agency,
      reason: judgement.reason.code,
      reasonParams: judgement.reason.params ?? null,
      noShowWaived: true,
    });
  }
  return rows;
}
