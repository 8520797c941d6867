import {
  type ResponseKind,
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
  gate: string;
  direction: string;
  day: string;
  seconds: number;
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
  readonly durations = new Map<string, DurationRow>();
  readonly responses = new Map<string, ResponseRow>();
  readonly waits = new Map<string, WaitRow>();

  count(metric: StatMetric, lane: Lane, at: Date, n = 1): void {
    if (n <= 0) return;
    const hour = vietnamHour(at).toISOString();
    for (const category of ['*', ...new Set(lane.categories)])
      add(this.counts, key(metric, category, lane.gate, lane.direction, hour), {
        metric,
        category,
        gate: lane.gate,
        direction: lane.direction,
        hour,
        n,
      });
  }

  duration(segment: Segment, lane: Lane, from: Date, to: Date, n = 1): void {
    const seconds = segmentSeconds(from, to);
    const day = vietnamDay(to);
    for (const category of ['*', ...new Set(lane.categories)])
      add(this.durations, key(segment, category, lane.gate, lane.direction, day, seconds), {
        segment,
        category,
        gate: lane.gate,
        direction: lane.direction,
        day,
        seconds,
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

  /** An answer timed for the agency and for the officer who gave it (when known). */
  response(kind: ResponseKind, agency: string, officer: string | null, lane: Lane, from: Date, to: Date): void {
    const seconds = segmentSeconds(from, to);
    const day = vietnamDay(to);
    for (const who of officer ? ['', officer] : [''])
      add(this.responses, key(kind, agency, who, lane.gate, lane.direction, day, seconds), {
        kind,
        agency,
        officer: who,
        gate: lane.gate,
        direction: lane.direction,
        day,
        seconds,
        n: 1,
      });
  }
}
