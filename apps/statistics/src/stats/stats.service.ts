import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import {
  addLocalDays,
  distributionOf,
  type HistogramBin,
  isValidLocalDate,
  localMidnight,
  SEGMENTS,
  STAT_METRICS,
  VIETNAM_UTC_OFFSET_MINUTES,
  vietnamDay,
} from '#libs/domain/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import type {
  CountsQuery,
  CountsRow,
  CountsView,
  QueueView,
  ResponseRow,
  ResponsesView,
  SegmentsView,
  StatsQuery,
} from './dto/stats.dto.js';
import { type Filter, StatsRepository } from './stats.repository.js';

/** The longest range one request may ask for. */
const MAX_DAYS = 400;

const zeroCounts = () => Object.fromEntries(STAT_METRICS.map((m) => [m, 0])) as Record<string, number>;

@Injectable()
export class StatsService {
  constructor(
    private readonly repo: StatsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The filters of a query, checked: days that exist, in order, at most MAX_DAYS apart. */
  filter(q: StatsQuery): Filter {
    const today = vietnamDay(this.clock.now());
    const fromDay = q.from ?? q.to ?? today;
    const toDay = q.to ?? (q.from ? today : fromDay);
    for (const [field, day] of [
      ['from', fromDay],
      ['to', toDay],
    ] as const)
      if (!isValidLocalDate(day)) throw AppError.invalid(field, 'dayDoesNotExist', { day });
    if (fromDay > toDay) throw AppError.invalid('to', 'lastDayBeforeFirst');
    if (addLocalDays(fromDay, MAX_DAYS) <= toDay) throw AppError.invalid('to', 'maxDaysShown', { n: MAX_DAYS });
    return {
      fromDay,
      toDay,
      fromHour: localMidnight(fromDay, VIETNAM_UTC_OFFSET_MINUTES),
      toHour: localMidnight(addLocalDays(toDay, 1), VIETNAM_UTC_OFFSET_MINUTES),
      gate: q.gate ?? null,
      direction: q.direction ?? null,
      category: q.category ?? '*',
    };
  }

  async counts(q: CountsQuery): Promise<CountsView> {
    const f = this.filter(q);
    const by = q.by ?? 'day';
    const rows = new Map<string, CountsRow>();
    const totals = zeroCounts();
    for (const r of await this.repo.counts(f, by)) {
      const key = `${r.period}|${r.gate}|${r.direction}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { period: r.period, gate: r.gate, direction: r.direction, counts: zeroCounts() }));
      row.counts[r.metric] += r.n;
      totals[r.metric] += r.n;
    }
    return { from: f.fromDay, to: f.toDay, by, rows: [...rows.values()], totals };
  }

  async segments(q: StatsQuery): Promise<SegmentsView> {
    const f = this.filter(q);
    const bins = groupBins(await this.repo.durations(f), (r) => r.key);
    return {
      from: f.fromDay,
      to: f.toDay,
      segments: SEGMENTS.map((segment) => ({ segment, ...distributionOf(bins.get(segment) ?? []) })),
    };
  }

  async responses(q: StatsQuery): Promise<ResponsesView> {
    const f = this.filter(q);
    const raw = await this.repo.responses(f);
    const bins = groupBins(raw, (r) => `${r.kind}|${r.agency}|${r.officer}`);
    const rows: ResponseRow[] = [...bins].map(([key, b]) => {
      const [kind, agency, officer] = key.split('|');
      return { kind: kind as ResponseRow['kind'], agency, officer: officer || null, ...distributionOf(b) };
    });
    // Agencies first, then their officers, each in a stable order.
    rows.sort(
      (a, b) =>
        a.kind.localeCompare(b.kind) ||
        a.agency.localeCompare(b.agency) ||
        (a.officer ?? '').localeCompare(b.officer ?? ''),
    );
    return { from: f.fromDay, to: f.toDay, rows };
  }

  async queue(q: StatsQuery): Promise<QueueView> {
    const f = this.filter(q);
    const rows = await this.repo.queue(f);
    return {
      from: f.fromDay,
      to: f.toDay,
      rows: rows.map((r) => ({
        hour: new Date(r.hour).toISOString(),
        gate: r.gate,
        direction: r.direction,
        maxWaiting: r.max_waiting,
        maxOldestWaitSeconds: r.max_oldest_seconds,
      })),
    };
  }
}

function groupBins<T extends HistogramBin>(rows: T[], keyOf: (r: T) => string): Map<string, HistogramBin[]> {
  const out = new Map<string, HistogramBin[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = out.get(k) ?? [];
    list.push({ seconds: r.seconds, n: r.n });
    out.set(k, list);
  }
  return out;
}
