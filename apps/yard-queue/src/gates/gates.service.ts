import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '#libs/auth/src/index.js';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import {
  type Direction,
  DIRECTIONS,
  diffSettings,
  type GateSchedule,
  isValidLocalDate,
  type LaneImpact,
  laneImpact,
  normaliseWaitingYard,
  validateSchedule,
  validateWaitingYards,
} from '#libs/domain/src/index.js';
import { AppError, type FieldProblem, messageList, refusedField } from '#libs/errors/src/index.js';
import { QueueRepository, type QueueTx } from '../queue/queue.repository.js';
import { QueueService } from '../queue/queue.service.js';
import { type DirectionSchedule, type EntryRecord, type GateRecord } from '../queue/queue.types.js';
import { SlotEngine } from '../queue/slot-engine.js';
import type { ScheduleChangeDto, SuspendGateDto, UpdateGateDto } from './dto/gate.dto.js';
import type { GateChangePreview, GateHistoryEntry, GateImpactView, LaneImpactView } from './dto/gate-change.dto.js';
import type { GateView } from './dto/gate-view.dto.js';

function toGateView(g: GateRecord): GateView {
  return {
    code: g.code,
    name: g.name,
    autoAccept: g.autoAccept,
    graceMinutes: g.graceMinutes,
    noShowPenaltyMinutes: g.noShowPenaltyMinutes,
    delayAttributionMinutes: g.delayAttributionMinutes,
    callReachMinutes: g.callReachMinutes,
    yards: g.yards,
    suspension: g.suspension
      ? {
          from: g.suspension.from.toISOString(),
          until: g.suspension.until?.toISOString() ?? null,
          reason: g.suspension.reason,
        }
      : null,
    version: g.version,
    directions: {
      EXPORT: { ...g.schedules.EXPORT.schedule, dailyCaps: g.schedules.EXPORT.dailyCaps },
      IMPORT: { ...g.schedules.IMPORT.schedule, dailyCaps: g.schedules.IMPORT.dailyCaps },
    },
  };
}

/** The settings an administrator changes (the gate view without its code and version), as the history keeps them. */
function settingsOf(g: GateRecord): object {
  const settings: Partial<GateView> = structuredClone(toGateView(g));
  delete settings.code;
  delete settings.version;
  return settings;
}

const laneView = (l: LaneImpact): LaneImpactView => ({
  ...l,
  lastWindowBefore: l.lastWindowBefore?.toISOString() ?? null,
  lastWindowAfter: l.lastWindowAfter?.toISOString() ?? null,
});

/** What a change did to the waiting vehicles of the lanes it re-slotted. */
interface Reflow {
  moved: EntryRecord[];
  impact: Partial<Record<Direction, LaneImpact>>;
}

function impactView(r: Reflow): GateImpactView {
  const out: GateImpactView = { reslotted: r.moved.length };
  for (const [d, l] of Object.entries(r.impact) as [Direction, LaneImpact][]) out[d] = laneView(l);
  return out;
}

/** Merges a change into a direction's schedule and collects every problem with its field path. */
function mergeSchedule(
  current: DirectionSchedule,
  change: ScheduleChangeDto,
  prefix: string,
): { next: DirectionSchedule; errors: FieldProblem[] } {
  const { dailyCaps, openingHours, ...given } = change;
  // Validated DTOs carry every declared property, absent ones as undefined: only what was sent changes.
  const rest = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const schedule: GateSchedule = {
    ...current.schedule,
    ...rest,
    ...(openingHours
      ? { openingHours: { ...current.schedule.openingHours, ...(openingHours as GateSchedule['openingHours']) } }
      : {}),
  };
  const errors: FieldProblem[] = validateSchedule(schedule).map((p) => refusedField(p, `${prefix}.`));
  if (openingHours) {
    for (const k of Object.keys(openingHours)) {
      if (!/^[0-6]$/.test(k)) errors.push({ field: `${prefix}.openingHours.${k}`, message: { key: 'weekdayRange' } });
    }
  }
  const caps = { ...current.dailyCaps };
  for (const [day, cap] of Object.entries(dailyCaps ?? {})) {
    const field = `${prefix}.dailyCaps.${day}`;
    if (!isValidLocalDate(day)) errors.push({ field, message: { key: 'capDayFormat' } });
    else if (cap === null) delete caps[day];
    else if (!Number.isInteger(cap) || cap < 0 || cap > 100000) errors.push({ field, message: { key: 'capDayRange' } });
    else caps[day] = cap;
  }
  return { next: { schedule, dailyCaps: caps }, errors };
}

@Injectable()
export class GatesService {
  constructor(
    private readonly repo: QueueRepository,
    private readonly queue: QueueService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(): Promise<GateView[]> {
    const out: GateView[] = [];
    for (const code of await this.repo.gateCodes()) out.push(toGateView((await this.repo.gate(code))!));
    return out;
  }

  async get(code: string): Promise<GateView> {
    const g = await this.repo.gate(code);
    if (!g) throw AppError.notFound('gateNotFound', { gate: code });
    return toGateView(g);
  }

  /** Changes settings and schedules; affected vehicles are re-slotted in order in the same transaction. */
  async update(code: string, dto: UpdateGateDto, actor: Actor): Promise<GateView> {
    await this.queue.change(
      code,
      'gate-config',
      async (tx, now) => {
        const before = settingsOf(tx.gate);
        const r = await this.applyUpdate(tx, now, dto);
        await tx.configAudit('update', dto, actor, now, {
          before,
          after: settingsOf(tx.gate),
          reslotted: r.moved.length,
        });
        if (dto.name !== undefined || dto.autoAccept !== undefined || dto.yards !== undefined) {
          await tx.event(
            'gate.updated',
            { gate: tx.gate.code, name: tx.gate.name, autoAccept: tx.gate.autoAccept, yards: tx.gate.yards },
            now,
          );
        }
        return r.moved;
      },
      { gateChange: true },
    );
    return this.get(code);
  }

  /** What `update` would change and re-slot now, by the same code, with nothing kept. */
  previewUpdate(code: string, dto: UpdateGateDto): Promise<GateChangePreview> {
    return this.preview(code, (tx, now) => this.applyUpdate(tx, now, dto));
  }

  async suspend(code: string, dto: SuspendGateDto, actor: Actor): Promise<GateView> {
    await this.queue.change(
      code,
      'suspend',
      async (tx, now) => {
        const before = settingsOf(tx.gate);
        const r = await this.applySuspend(tx, now, dto);
        await tx.configAudit('suspend', dto, actor, now, {
          before,
          after: settingsOf(tx.gate),
          reslotted: r.moved.length,
        });
        return r.moved;
      },
      { gateChange: true },
    );
    return this.get(code);
  }

  /** What `suspend` would re-slot now, with nothing kept. */
  previewSuspend(code: string, dto: SuspendGateDto): Promise<GateChangePreview> {
    return this.preview(code, (tx, now) => this.applySuspend(tx, now, dto));
  }

  async resume(code: string, reason: string | undefined, actor: Actor): Promise<GateView> {
    await this.queue.change(
      code,
      'resume',
      async (tx, now) => {
        if (!tx.gate.suspension) throw new AppError('CONFLICT', 'gateNotSuspended', { gate: code });
        const before = settingsOf(tx.gate);
        await tx.setSuspension(null);
        const r = await this.reflowAll(tx, now, DIRECTIONS);
        await tx.configAudit('resume', { reason: reason ?? null }, actor, now, {
          before,
          after: settingsOf(tx.gate),
          reslotted: r.moved.length,
        });
        return r.moved;
      },
      { gateChange: true },
    );
    return this.get(code);
  }

  /** The latest changes of the gate's settings, newest first: who, when, what from what to what. */
  async history(code: string, limit = 50): Promise<GateHistoryEntry[]> {
    if (!(await this.repo.gate(code))) throw AppError.notFound('gateNotFound', { gate: code });
    return (await this.repo.gateHistory(code, limit)).map((a) => {
      const change = a.change as { reason?: string | null };
      return {
        id: String(a.id),
        action: a.action,
        at: a.at.toISOString(),
        actorId: a.actorId,
        actorRole: a.actorRole,
        changes: a.before && a.after ? diffSettings(a.before, a.after) : null,
        reslotted: a.reslotted,
        reason: a.action === 'update' ? null : (change.reason ?? null),
      };
    });
  }

  private async applyUpdate(tx: QueueTx, now: Date, dto: UpdateGateDto): Promise<Reflow> {
    const errors: FieldProblem[] = [];
    const next: Partial<Record<Direction, DirectionSchedule>> = {};
    for (const d of DIRECTIONS) {
      const change = dto.directions?.[d];
      if (!change) continue;
      const merged = mergeSchedule(tx.gate.schedules[d], change, `directions.${d}`);
      errors.push(...merged.errors);
      next[d] = merged.next;
    }
    const yards = dto.yards?.map(normaliseWaitingYard);
    if (yards) errors.push(...validateWaitingYards(yards).map((p) => refusedField(p)));
    if (errors.length)
      throw new AppError(
        'VALIDATION_FAILED',
        'settingsInvalid',
        { n: errors.length, details: messageList(errors.map((e) => e.message)) },
        errors,
      );
    await tx.updateGateSettings({
      name: dto.name ?? tx.gate.name,
      autoAccept: dto.autoAccept ?? tx.gate.autoAccept,
      graceMinutes: dto.graceMinutes ?? tx.gate.graceMinutes,
      noShowPenaltyMinutes: dto.noShowPenaltyMinutes ?? tx.gate.noShowPenaltyMinutes,
      delayAttributionMinutes: dto.delayAttributionMinutes ?? tx.gate.delayAttributionMinutes,
      // null is a value here (back to the deployment's default); only a field left out keeps the setting.
      callReachMinutes: dto.callReachMinutes === undefined ? tx.gate.callReachMinutes : dto.callReachMinutes,
      yards: yards ?? tx.gate.yards,
    });
    for (const [d, ds] of Object.entries(next) as [Direction, DirectionSchedule][]) await tx.updateSchedule(d, ds);
    return this.reflowAll(tx, now, Object.keys(next) as Direction[]);
  }

  private async applySuspend(tx: QueueTx, now: Date, dto: SuspendGateDto): Promise<Reflow> {
    const until = dto.until ? new Date(dto.until) : null;
    if (until && until <= now) throw AppError.invalid('until', 'reopenInFuture');
    await tx.setSuspension({ from: now, until, reason: dto.reason });
    return this.reflowAll(tx, now, DIRECTIONS);
  }

  private async preview(code: string, apply: (tx: QueueTx, now: Date) => Promise<Reflow>): Promise<GateChangePreview> {
    const out = await this.repo.dryRun(code, DIRECTIONS, async (tx) => {
      const before = settingsOf(tx.gate);
      const r = await apply(tx, this.clock.now());
      return { changes: diffSettings(before, settingsOf(tx.gate)), impact: impactView(r) };
    });
    if (!out) throw AppError.notFound('gateNotFound', { gate: code });
    return out;
  }

  /** Re-slots the waiting vehicles of the given directions; returns those that moved and what it did per lane. */
  private async reflowAll(tx: QueueTx, now: Date, directions: readonly Direction[]): Promise<Reflow> {
    const engine = new SlotEngine(tx, now);
    const r: Reflow = { moved: [], impact: {} };
    for (const d of directions) {
      const waiting = await tx.waitingEntries(d);
      const before = waiting.map((e) => e.windowStart);
      r.moved.push(...(await engine.reflow(d, waiting)));
      r.impact[d] = laneImpact(waiting.map((e, i) => ({ before: before[i], after: e.windowStart })));
    }
    for (const e of r.moved) await tx.saveEntry(e, now);
    return r;
  }
}
