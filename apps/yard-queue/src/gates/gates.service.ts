import { Injectable } from '@nestjs/common';
import type { Actor } from '#libs/auth/src/index.js';
import {
  type Direction,
  DIRECTIONS,
  type GateSchedule,
  isValidLocalDate,
  validateSchedule,
} from '#libs/domain/src/index.js';
import { AppError, type FieldError } from '#libs/errors/src/index.js';
import { QueueRepository, type QueueTx } from '../queue/queue.repository.js';
import { QueueService } from '../queue/queue.service.js';
import { type DirectionSchedule, type EntryRecord, type GateRecord } from '../queue/queue.types.js';
import { SlotEngine } from '../queue/slot-engine.js';
import type { ScheduleChangeDto, SuspendGateDto, UpdateGateDto } from './dto/gate.dto.js';
import type { GateView } from './dto/gate-view.dto.js';

function toGateView(g: GateRecord): GateView {
  return {
    code: g.code,
    name: g.name,
    autoAccept: g.autoAccept,
    graceMinutes: g.graceMinutes,
    noShowPenaltyMinutes: g.noShowPenaltyMinutes,
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

/** Merges a change into a direction's schedule and collects every problem with its field path. */
function mergeSchedule(
  current: DirectionSchedule,
  change: ScheduleChangeDto,
  prefix: string,
): { next: DirectionSchedule; errors: FieldError[] } {
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
  const errors: FieldError[] = validateSchedule(schedule).map((p) => ({
    field: `${prefix}.${p.field}`,
    message: p.message,
  }));
  if (openingHours) {
    for (const k of Object.keys(openingHours)) {
      if (!/^[0-6]$/.test(k))
        errors.push({ field: `${prefix}.openingHours.${k}`, message: 'Thứ trong tuần phải từ 0 (Chủ nhật) đến 6' });
    }
  }
  const caps = { ...current.dailyCaps };
  for (const [day, cap] of Object.entries(dailyCaps ?? {})) {
    const field = `${prefix}.dailyCaps.${day}`;
    if (!isValidLocalDate(day)) errors.push({ field, message: 'Ngày phải có dạng YYYY-MM-DD' });
    else if (cap === null) delete caps[day];
    else if (!Number.isInteger(cap) || cap < 0 || cap > 100000)
      errors.push({ field, message: 'Giới hạn ngày phải là số nguyên từ 0' });
    else caps[day] = cap;
  }
  return { next: { schedule, dailyCaps: caps }, errors };
}

@Injectable()
export class GatesService {
  constructor(
    private readonly repo: QueueRepository,
    private readonly queue: QueueService,
  ) {}

  async list(): Promise<GateView[]> {
    const out: GateView[] = [];
    for (const code of await this.repo.gateCodes()) out.push(toGateView((await this.repo.gate(code))!));
    return out;
  }

  async get(code: string): Promise<GateView> {
    const g = await this.repo.gate(code);
    if (!g) throw AppError.notFound(`cửa khẩu ${code}`);
    return toGateView(g);
  }

  /** Changes settings and schedules; affected vehicles are re-slotted in order in the same transaction. */
  async update(code: string, dto: UpdateGateDto, actor: Actor): Promise<GateView> {
    await this.queue.change(
      code,
      'gate-config',
      async (tx, now) => {
        const errors: FieldError[] = [];
        const next: Partial<Record<Direction, DirectionSchedule>> = {};
        for (const d of DIRECTIONS) {
          const change = dto.directions?.[d];
          if (!change) continue;
          const merged = mergeSchedule(tx.gate.schedules[d], change, `directions.${d}`);
          errors.push(...merged.errors);
          next[d] = merged.next;
        }
        if (errors.length)
          throw new AppError(
            'VALIDATION_FAILED',
            `Cấu hình không hợp lệ: ${errors.map((e) => e.field).join(', ')}`,
            errors,
          );
        await tx.updateGateSettings({
          name: dto.name ?? tx.gate.name,
          autoAccept: dto.autoAccept ?? tx.gate.autoAccept,
          graceMinutes: dto.graceMinutes ?? tx.gate.graceMinutes,
          noShowPenaltyMinutes: dto.noShowPenaltyMinutes ?? tx.gate.noShowPenaltyMinutes,
        });
        for (const [d, ds] of Object.entries(next) as [Direction, DirectionSchedule][]) await tx.updateSchedule(d, ds);
        await tx.configAudit('update', dto, actor, now);
        if (dto.name !== undefined || dto.autoAccept !== undefined) {
          await tx.event(
            'gate.updated',
            { gate: tx.gate.code, name: tx.gate.name, autoAccept: tx.gate.autoAccept },
            now,
          );
        }
        return this.reflowAll(tx, now, Object.keys(next) as Direction[]);
      },
      { gateChange: true },
    );
    return this.get(code);
  }

  async suspend(code: string, dto: SuspendGateDto, actor: Actor): Promise<GateView> {
    await this.queue.change(
      code,
      'suspend',
      async (tx, now) => {
        const until = dto.until ? new Date(dto.until) : null;
        if (until && until <= now) throw AppError.invalid('until', 'Thời điểm mở lại phải ở tương lai');
        await tx.setSuspension({ from: now, until, reason: dto.reason });
        await tx.configAudit('suspend', dto, actor, now);
        return this.reflowAll(tx, now, DIRECTIONS);
      },
      { gateChange: true },
    );
    return this.get(code);
  }

  async resume(code: string, reason: string | undefined, actor: Actor): Promise<GateView> {
    await this.queue.change(
      code,
      'resume',
      async (tx, now) => {
        if (!tx.gate.suspension) throw new AppError('CONFLICT', `Cửa khẩu ${code} không bị tạm dừng`);
        await tx.setSuspension(null);
        await tx.configAudit('resume', { reason: reason ?? null }, actor, now);
        return this.reflowAll(tx, now, DIRECTIONS);
      },
      { gateChange: true },
    );
    return this.get(code);
  }

  /** Re-slots the waiting vehicles of the given directions; returns those that moved. */
  private async reflowAll(tx: QueueTx, now: Date, directions: readonly Direction[]): Promise<EntryRecord[]> {
    const engine = new SlotEngine(tx, now);
    const moved: EntryRecord[] = [];
    for (const d of directions) moved.push(...(await engine.reflow(d, await tx.waitingEntries(d))));
    for (const e of moved) await tx.saveEntry(e, now);
    return moved;
  }
}
