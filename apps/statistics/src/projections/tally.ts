import {
  type ResponseKind,
  responseBuckets,
  rollupBlocksOf,
  sketchBucket,
  type Segment,
  type StatMetric,
  segmentSeconds,
  vietnamDay,
  vietnamHour,
} from '#libs/domain/src/index.js';

/** Where a figure belongs: a gate and direction, and the goods categories of the vehicle ('*' is added). */
export interface Lane {
  gate: string;
  direction: string;
  categories: readonly string[];
}

export interface CountRow {
  metric: StatMetric;
  category: string;
  gate: string;
  direction: string;
  hour: string;
  n: number;
}

/** The same counts summed per Vietnam day. */
export interface DayCountRow {
  metric: StatMetric;
  category: string;
  gate: string;
  direction: string;
  day: string;
  n: number;
}

export interface DurationRow {
  segment: Segment;
  category: string;
  gate: string;
  direction: string;
  day: string;
  seconds: number;
  n: number;
}

export interface ResponseRow {
  kind: ResponseKind;
  agency: string;
  officer: string;
  console: string;
  gate: string;
  direction: string;
  day: string;
  seconds: number;
  n: number;
}

/** A duration in a roll-up: a logarithmic bucket of a block of days, for a lane or for all ('*'). */
export interface DurationRollupRow {
  category: string;
  gate: string;
  direction: string;
  span: number;
  start: string;
  segment: Segment;
  bucket: number;
  n: number;
}

export interface ResponseRollupRow {
  gate: string;
  direction: string;
  span: number;
  start: string;
  kind: ResponseKind;
  agency: string;
  officer: string;
  console: string;
  bucket: number;
  n: number;
}

export interface WaitRow {
  gate: string;
  direction: string;
  hour: string;
  n: number;
  seconds: number;
}

const key = (...parts: (string | number)[]) => parts.join('\u0000');

function add<T extends { n: number }>(map: Map<string, T>, k: string, row: T): void {
  const had = map.get(k);
  if (had) had.n += row.n;
  else map.set(k, row);
}

/** The increments one event makes to the projections, merged so each row is written once. */
export class Tally {
  readonly counts = new Map<string, CountRow>();
  readonly dayCounts = new Map<string, DayCountRow>();
  readonly durations = new Map<string, DurationRow>();
  readonly responses = new Map<string, ResponseRow>();
  readonly waits = new Map<string, WaitRow>();
  readonly durationRollups = new Map<string, DurationRollupRow>();
  readonly responseRollups = new Map<string, ResponseRollupRow>();

  count(metric: StatMetric, lane: Lane, at: Date, n = 1): void {
    if (n <= 0) return;
    const hour = vietnamHour(at).toISOString();
    const day = vietnamDay(at);
    for (const category of ['*', ...new Set(lane.categories)]) {
      const where = { metric, category, gate: lane.gate, direction: lane.direction };
      add(this.counts, key(metric, category, lane.gate, lane.direction, hour), { ...where, hour, n });
      add(this.dayCounts, key(metric, category, lane.gate, lane.direction, day), { ...where, day, n });
    }
  }

  duration(segment: Segment, lane: Lane, from: Date, to: Date, n = 1): void {
    const seconds = segmentSeconds(from, to);
    const day = vietnamDay(to);
    for (const category of ['*', ...new Set(lane.categories)])
      for (const [gate, direction] of lanesOf(lane))
        add(this.durations, key(segment, category, gate, direction, day, seconds), {
          segment,
          category,
          gate,
          direction,
          day,
          seconds,
          n,
        });
    const bucket = sketchBucket(seconds);
    for (const category of ['*', ...new Set(lane.categories)])
      for (const [gate, direction] of lanesOf(lane))
        for (const { span, start } of rollupBlocksOf(day))
          add(this.durationRollups, key(category, gate, direction, span, start, segment, bucket), {
            category,
            gate,
            direction,
            span,
            start,
            segment,
            bucket,
            n,
          });
    if (segment === 'CHECKED_IN_TO_CALLED') {
      const hour = vietnamHour(to).toISOString();
      const had = this.waits.get(key(lane.gate, lane.direction, hour));
      if (had) {
        had.n += n;
        had.seconds += seconds * n;
      } else
        this.waits.set(key(lane.gate, lane.direction, hour), {
          gate: lane.gate,
          direction: lane.direction,
          hour,
          n,
          seconds: seconds * n,
        });
    }
  }

  /**
   * An answer timed for the agency as a whole, for the officer who gave it and for the console it came from
   * (each when known): officer and console '' is the agency's row.
   */
  response(
    kind: ResponseKind,
    agency: string,
    by: { officer: string | null; console: string | null },
    lane: Lane,
    from: Date,
    to: Date,
  ): void {
    const seconds = segmentSeconds(from, to);
    const day = vietnamDay(to);
    const subjects: [string, string][] = [['', '']];
    if (by.officer) subjects.push([by.officer, '']);
    if (by.console) subjects.push(['', by.console]);
    for (const [officer, console] of subjects) {
      const bucket = sketchBucket(seconds, responseBuckets({ officer, console }));
      for (const [gate, direction] of lanesOf(lane)) {
        add(this.responses, key(kind, agency, officer, console, gate, direction, day, seconds), {
          kind,
          agency,
          officer,
          console,
          gate,
          direction,
          day,
          seconds,
          n: 1,
        });
        for (const { span, start } of rollupBlocksOf(day))
          add(this.responseRollups, key(gate, direction, span, start, kind, agency, officer, console, bucket), {
            gate,
            direction,
            span,
            start,
            kind,
            agency,
            officer,
            console,
            bucket,
            n: 1,
          });
      }
    }
  }
}

/** A lane's own rows and the rows of all lanes together ('*'), in the histograms and in the roll-ups. */
const lanesOf = (lane: Lane): [string, string][] => [
  [lane.gate, lane.direction],
  ['*', '*'],
];
