import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import {
  addLocalDays,
  calibrateEta,
  type Direction,
  DIRECTIONS,
  ETA_CALIBRATION_DAYS,
  ETA_HISTORY_DAYS,
  type EtaCalibration,
  type EtaEstimate,
  forecastQueueEta,
  isValidLocalDate,
  learnCallRate,
  localMidnight,
  MS_PER_DAY,
  stabilizeEta,
  VIETNAM_UTC_OFFSET_MINUTES,
  vietnamDay,
} from '#libs/domain/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import type { Eta, QueueEntryView } from '#libs/events/src/index.js';
import { PlatformMetrics } from '#libs/runtime/src/platform-metrics.js';
import type { QueueTx } from '../queue/queue.repository.js';
import type { EntryRecord, GateRecord } from '../queue/queue.types.js';
import { compareQueueOrder } from '../queue/queue.view.js';
import type { EtaAccuracyRangeQuery, EtaAccuracyView, EtaRangeAccuracy } from './dto/eta-accuracy.dto.js';
import { EtaRepository, type NewForecast, type ShownEta } from './eta.repository.js';

/** The calibration of a lane is learned again from its outcomes at most this often. */
const CALIBRATION_TTL_MS = 10 * 60_000;
/** Calls and estimates are kept this long: the history the rate is learned from, the calibration's window and more. */
export const ETA_KEEP_DAYS = Math.max(ETA_HISTORY_DAYS, ETA_CALIBRATION_DAYS) + 7;

const laneKey = (gate: string, d: Direction): string => `${gate}|${d}`;

/** A suspension in force at `now`: until when (null: open-ended), or undefined when there is none. */
function suspensionAt(gate: GateRecord, now: Date): Date | null | undefined {
  const s = gate.suspension;
  return s && s.from <= now ? s.until : undefined;
}

/**
 * What an estimate rests on besides the calls: the vehicle's window, the suspension and the lane's schedule.
 * When it changes the estimate may move at once; otherwise it moves only when the new median leaves the
 * interval shown (stabilizeEta), so a waiting driver is not shown a new time on every call ahead of him.
 */
function basisOf(e: EntryRecord, gate: GateRecord, scheduleKey: string): string {
  const s = gate.suspension;
  return [
    e.windowStart?.toISOString() ?? '-',
    s ? `${s.from.toISOString()}..${s.until?.toISOString() ?? ''}` : '-',
    scheduleKey,
  ].join('|');
}

const toView = (e: EtaEstimate): Eta => ({
  p10: e.p10.toISOString(),
  p50: e.p50.toISOString(),
  p90: e.p90.toISOString(),
});

/**
 * The waiting-time estimates of the yard: computed here, where the calls happen, from the pure model of the
 * domain lib (learnCallRate, forecastQueueEta, calibrated by the gate's own scored estimates), kept as shown
 * and sent to the consoles in the queue's own versioned changes.
 */
@Injectable()
export class EtaService {
  /** Per lane, the calls of the history window (ms, ascending by commit) and the last call id read. */
  private readonly calls = new Map<string, { lastId: number; times: number[] }>();
  private readonly calibrations = new Map<string, { at: number; calibration: EtaCalibration }>();
  /** Calls before this instant were not recorded by this service: earlier time is not evidence. */
  private readonly observedFrom: Date;

  constructor(
    private readonly repo: EtaRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    metrics: PlatformMetrics,
  ) {
    this.observedFrom = clock.now();
    metrics.registerEtaAccuracy(() => this.accuracy());
  }

  /** Inside a change of the gate: a vehicle was called. */
  async called(tx: QueueTx, e: EntryRecord, at: Date): Promise<void> {
    // The call is recorded and its forecasts closed for scoring.
    await this.repo.within(tx.manager, tx.gate.code).recordCall(e.id, e.direction, at);
  }

  /** Inside a change of the gate: a waiting vehicle left the queue without being called; its estimates are not scored. */
  async withdrawn(tx: QueueTx, e: EntryRecord, at: Date): Promise<void> {
    await this.repo.within(tx.manager, tx.gate.code).withdrawForecasts(e.id, at);
  }

  /** The estimates shown for these entries (waiting ones only; null for the rest). */
  async shownFor(entries: readonly EntryRecord[], tx?: QueueTx): Promise<Map<string, QueueEntryView['eta']>> {
    const waiting = entries.filter((e) => e.status === 'CHECKED_IN').map((e) => e.id);
    const shown = tx ? await this.repo.within(tx.manager, tx.gate.code).shown(waiting) : await this.repo.shown(waiting);
    return new Map([...shown].map(([id, s]) => [id, toView(s)]));
  }

  /**
   * Under the gate's lock: a fresh estimate for every waiting vehicle, each kept against the one shown, and the
   * changed ones recorded. Returns the entries whose shown estimate changed (or was withdrawn).
   */
  async refresh(tx: QueueTx, now: Date): Promise<EntryRecord[]> {
    const etas = this.repo.within(tx.manager, tx.gate.code);
    const suspendedUntil = suspensionAt(tx.gate, now);
    const changed: EntryRecord[] = [];
    for (const d of DIRECTIONS) {
      const waiting = (await tx.waitingEntries(d)).sort(compareQueueOrder);
      if (waiting.length === 0) continue;
      const shown = await etas.shown(waiting.map((e) => e.id));
      if (suspendedUntil === null) {
        // Suspended with no end: no time can be promised; the screens show the suspension and its reason instead.
        for (const e of waiting)
          if (shown.has(e.id)) {
            await etas.withdrawForecasts(e.id, now);
            changed.push(e);
          }
        continue;
      }
      const { schedule } = tx.gate.schedules[d];
      const model = learnCallRate({
        schedule,
        now,
        calls: (await this.lanecalls(tx, d, now)).map((t) => new Date(t)),
        observedFrom: this.observedFrom,
        suspendedUntil: suspendedUntil ?? null,
      });
      const calibration = await this.calibration(tx, d, now);
      const scheduleKey = createHash('sha1').update(JSON.stringify(schedule)).digest('base64url').slice(0, 10);
      const records: NewForecast[] = [];
      for (const [i, e] of waiting.entries()) {
        const position = i + 1;
        const prev = shown.get(e.id) ?? null;
        const fresh = forecastQueueEta(model, position, { windowStart: e.windowStart, calibration });
        if (!fresh) {
          if (prev) {
            await etas.withdrawForecasts(e.id, now);
            changed.push(e);
          }
          continue;
        }
        const basis = basisOf(e, tx.gate, scheduleKey);
        const material = !prev || prev.basis !== basis || position > prev.position;
        const next = stabilizeEta(prev, fresh, material);
        if (prev && sameEstimate(prev, next)) continue;
        records.push({
          entryId: e.id,
          gate: tx.gate.code,
          direction: d,
          madeAt: now,
          position,
          p10: next.p10,
          p50: next.p50,
          p90: next.p90,
          rawP50: fresh.rawP50,
          sigma: fresh.sigma,
          basis,
        });
        changed.push(e);
      }
      await etas.record(records);
    }
    return changed;
  }

  /** The lane's calls of the history window, read incrementally (under the lane's lock no call is in flight). */
  private async lanecalls(tx: QueueTx, d: Direction, now: Date): Promise<number[]> {
    const key = laneKey(tx.gate.code, d);
    const since = now.getTime() - ETA_HISTORY_DAYS * MS_PER_DAY;
    const known = this.calls.get(key) ?? { lastId: 0, times: [] };
    const fresh = await this.repo.within(tx.manager, tx.gate.code).callsAfter(d, known.lastId, new Date(since));
    const times = known.times.filter((t) => t >= since);
    for (const c of fresh) times.push(c.at);
    this.calls.set(key, { lastId: fresh.length ? fresh[fresh.length - 1].id : known.lastId, times });
    return times;
  }

  /** Read in the change's own transaction: a second connection while holding the lane's lock could wait on the pool for ever. */
  private async calibration(tx: QueueTx, d: Direction, now: Date): Promise<EtaCalibration> {
    const gate = tx.gate;
    const key = laneKey(gate.code, d);
    const cached = this.calibrations.get(key);
    if (cached && Math.abs(now.getTime() - cached.at) < CALIBRATION_TTL_MS) return cached.calibration;
    const records = await this.repo
      .within(tx.manager, gate.code)
      .outcomes(d, new Date(now.getTime() - ETA_CALIBRATION_DAYS * MS_PER_DAY));
    const calibration = calibrateEta(records, now, gate.schedules[d].schedule);
    this.calibrations.set(key, { at: now.getTime(), calibration });
    return calibration;
  }

  accuracy(): Promise<EtaAccuracyView[]> {
    return this.repo.accuracy(this.clock.now());
  }

  /**
   * Over a range of Vietnam days, for the leadership dashboard. Scored here rather than in the statistics'
   * projection: every estimate shown and its outcome live in this service (eta_forecasts), while the queue
   * events carry only each change's latest estimate, so a projection would have to keep a copy of every
   * estimate to score the same thing. Estimates are kept ETA_KEEP_DAYS days: the answer says since when.
   */
  async accuracyOver(q: EtaAccuracyRangeQuery): Promise<EtaRangeAccuracy> {
    const now = this.clock.now();
    const today = vietnamDay(now);
    const from = q.from ?? q.to ?? today;
    const to = q.to ?? (q.from ? today : from);
    for (const [field, day] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (!isValidLocalDate(day)) throw AppError.invalid(field, 'dayDoesNotExist', { day });
    if (from > to) throw AppError.invalid('to', 'lastDayBeforeFirst');
    const rows = await this.repo.accuracyBetween(
      localMidnight(from, VIETNAM_UTC_OFFSET_MINUTES),
      localMidnight(addLocalDays(to, 1), VIETNAM_UTC_OFFSET_MINUTES),
    );
    return { from, to, keptSince: vietnamDay(new Date(now.getTime() - ETA_KEEP_DAYS * MS_PER_DAY)), rows };
  }

  prune(now: Date): Promise<void> {
    return this.repo.prune(new Date(now.getTime() - ETA_KEEP_DAYS * MS_PER_DAY));
  }
}

function sameEstimate(a: ShownEta, b: EtaEstimate): boolean {
  return (
    a.p10.getTime() === b.p10.getTime() && a.p50.getTime() === b.p50.getTime() && a.p90.getTime() === b.p90.getTime()
  );
}
