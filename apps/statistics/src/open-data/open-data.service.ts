import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import {
  addLocalDays,
  type Direction,
  segmentSeconds,
  toCsv,
  vietnamDay,
  vietnamHour,
} from '#libs/domain/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { StatsService } from '../stats/stats.service.js';
import { StatsRepository } from '../stats/stats.repository.js';
import type {
  OpenDataCurrent,
  OpenDataHistory,
  OpenDataHistoryQuery,
  OpenDataHourRow,
  OpenDataLicence,
} from './dto/open-data.dto.js';

export const OPEN_DATA_LICENCE: OpenDataLicence = {
  name: 'CC BY 4.0',
  url: 'https://creativecommons.org/licenses/by/4.0/',
  attribution: 'Cửa khẩu số Hữu Nghị – Tân Thanh, Lạng Sơn',
};

/** The longest history one request may ask for. */
const MAX_HISTORY_DAYS = 93;

const minutes = (seconds: number) => Math.round(seconds / 6) / 10;

/**
 * The public record of the gates: figures per gate, direction and hour only, built from the statistics'
 * projections. Nothing in it names a vehicle, a firm, a driver or an officer.
 */
@Injectable()
export class OpenDataService {
  constructor(
    private readonly repo: StatsRepository,
    private readonly stats: StatsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async current(): Promise<OpenDataCurrent> {
    const now = this.clock.now();
    const hour = vietnamHour(now);
    const [waiting, thisHour] = await Promise.all([
      this.repo.waitingNow(),
      this.repo.hourly(hour, new Date(hour.getTime() + 3_600_000), null, null),
    ]);
    const lanes = new Map<string, OpenDataCurrent['rows'][number]>();
    const lane = (gate: string, direction: string) => {
      const k = `${gate}|${direction}`;
      let row = lanes.get(k);
      if (!row) {
        row = {
          gate,
          direction: direction as Direction,
          waiting: 0,
          longestWaitMinutes: 0,
          checkedInThisHour: 0,
          crossedThisHour: 0,
        };
        lanes.set(k, row);
      }
      return row;
    };
    for (const w of waiting) {
      const row = lane(w.gate, w.direction);
      row.waiting = w.waiting;
      row.longestWaitMinutes = w.oldest ? minutes(segmentSeconds(w.oldest, now)) : 0;
    }
    for (const h of thisHour) {
      const row = lane(h.gate, h.direction);
      row.checkedInThisHour = h.checked_in;
      row.crossedThisHour = h.crossed;
    }
    const rows = [...lanes.values()].sort(
      (a, b) => a.gate.localeCompare(b.gate) || a.direction.localeCompare(b.direction),
    );
    return { licence: OPEN_DATA_LICENCE, generatedAt: now.toISOString(), rows };
  }

  async history(q: OpenDataHistoryQuery): Promise<OpenDataHistory> {
    const today = vietnamDay(this.clock.now());
    const to = q.to ?? today;
    const from = q.from ?? addLocalDays(to, -6);
    const f = this.stats.filter({ from, to, gate: q.gate, direction: q.direction });
    if (addLocalDays(f.fromDay, MAX_HISTORY_DAYS) <= f.toDay)
      throw AppError.invalid('to', 'maxDaysDownloaded', { n: MAX_HISTORY_DAYS });
    const rows = await this.repo.hourly(f.fromHour, f.toHour, f.gate, f.direction);
    return {
      licence: OPEN_DATA_LICENCE,
      generatedAt: this.clock.now().toISOString(),
      from: f.fromDay,
      to: f.toDay,
      rows: rows.map((r): OpenDataHourRow => ({
        hour: new Date(r.hour).toISOString(),
        gate: r.gate,
        direction: r.direction as Direction,
        checkedIn: r.checked_in,
        crossed: r.crossed,
        maxWaiting: r.max_waiting,
        longestWaitMinutes: minutes(r.max_oldest_seconds),
        meanWaitMinutes: r.waits > 0 ? minutes(Number(r.wait_seconds) / r.waits) : null,
      })),
    };
  }
}

/** The CSV form: the same rows, one column per field. */
export function currentCsv(c: OpenDataCurrent): string {
  return toCsv(
    ['gate', 'direction', 'waiting', 'longestWaitMinutes', 'checkedInThisHour', 'crossedThisHour'],
    c.rows.map((r) => [r.gate, r.direction, r.waiting, r.longestWaitMinutes, r.checkedInThisHour, r.crossedThisHour]),
  );
}

export function historyCsv(h: OpenDataHistory): string {
  return toCsv(
    ['hour', 'gate', 'direction', 'checkedIn', 'crossed', 'maxWaiting', 'longestWaitMinutes', 'meanWaitMinutes'],
    h.rows.map((r) => [
      r.hour,
      r.gate,
      r.direction,
      r.checkedIn,
      r.crossed,
      r.maxWaiting,
      r.longestWaitMinutes,
      r.meanWaitMinutes,
    ]),
  );
}
