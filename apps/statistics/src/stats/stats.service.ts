import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import {
  addLocalDays,
  type Distribution,
  distributionOf,
  type HistogramBin,
  histogramOf,
  isValidLocalDate,
  RESPONSE_HISTOGRAM_EDGES,
  localMidnight,
  rollupCover,
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
import { type Filter, type HistogramRow, StatsRepository } from './stats.repository.js';

/** The longest range one request may ask for. */
const MAX_DAYS = 400;

/**
 * Ranges of up to this many days (a day, or a shift across midnight) read durations to the second, so their
 * percentiles are exact; longer ones read the roll-ups (logarithmic buckets, within 1/64 of the value, 1/8
 * per officer or console), whose cost depends on the number of blocks, not of days.
 */
const EXACT_DAYS = 2;

const isExact = (f: Filter) => addLocalDays(f.fromDay, EXACT_DAYS) > f.toDay;

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
    const totals = zeroCounts();
    const rows = (await this.repo.counts(f, by)).map((r): CountsRow => {
      const counts = zeroCounts();
      r.metrics.forEach((metric, i) => {
        counts[metric] += r.n[i];
        totals[metric] += r.n[i];
      });
      return { period: r.period, gate: r.gate, direction: r.direction, counts };
    });
    return { from: f.fromDay, to: f.toDay, by, rows, totals };
  }

  async segments(q: StatsQuery): Promise<SegmentsView> {
    const f = this.filter(q);
    const exact = isExact(f);
    const rows = exact
      ? (await this.repo.durations(f)).map((r) => ({ segment: r.segment, ...distributionOf(binsOf(r)) }))
      : await this.repo.durationRollups(f, rollupCover(f.fromDay, f.toDay));
    const bySegment = new Map(rows.map((r) => [r.segment, r]));
    return {
      from: f.fromDay,
      to: f.toDay,
      exact,
      segments: SEGMENTS.map((segment) => ({ segment, ...distribution(bySegment.get(segment)) })),
    };
  }

  async responses(q: StatsQuery): Promise<ResponsesView> {
    const f = this.filter(q);
    const exact = isExact(f);
    const found = exact
      ? (await this.repo.responses(f)).map(({ seconds, n, ...group }) => {
          const bins = binsOf({ seconds, n });
          return { ...group, ...distributionOf(bins), bands: histogramOf(bins).map((b) => b.n) };
        })
      : await this.repo.responseRollups(f, rollupCover(f.fromDay, f.toDay));
    const rows: ResponseRow[] = found.map((r) => ({
      kind: r.kind as ResponseRow['kind'],
      agency: r.agency,
      officer: r.officer || null,
      console: r.console || null,
      ...distribution(r),
      histogram: RESPONSE_HISTOGRAM_EDGES.map((from, i) => ({
        fromSeconds: from,
        toSeconds: RESPONSE_HISTOGRAM_EDGES[i + 1] ?? null,
        n: r.bands?.[i] ?? 0,
      })),
    }));
    // Per kind and agency: the agency's row, then its consoles, then its officers, each in a stable order.
    const rank = (r: ResponseRow) => (r.officer ? 2 : r.console ? 1 : 0);
    rows.sort(
      (a, b) =>
        a.kind.localeCompare(b.kind) ||
        a.agency.localeCompare(b.agency) ||
        rank(a) - rank(b) ||
        (a.console ?? a.officer ?? '').localeCompare(b.console ?? b.officer ?? ''),
    );
    return { from: f.fromDay, to: f.toDay, exact, rows };
  }

  async queue(q: StatsQuery): Promise<QueueView> {
    const f = this.filter(q);
    const rows = await this.repo.queue(f);
    return {
      from: f.fromDay,
      to: f.toDay,
      rows: rows.map((r) => ({
        hour: r.hour,
        gate: r.gate,
        direction: r.direction,
        maxWaiting: r.max_waiting,
        maxOldestWaitSeconds: r.max_oldest_seconds,
      })),
    };
  }
}

/** A histogram row's bins. */
const binsOf = (r: HistogramRow): HistogramBin[] => r.seconds.map((seconds, i) => ({ seconds, n: r.n[i] }));

/** A group's distribution as the view shows it; a group with no observations has no figures. */
function distribution(r: Distribution | undefined): Distribution {
  if (!r) return { n: 0, p50: null, p90: null, p99: null, max: null };
  return { n: r.n, p50: r.p50, p90: r.p90, p99: r.p99, max: r.max };
}
