import fc from 'fast-check';
import { defaultGateSchedule, type GateSchedule } from '../slots/index.js';
import { estimateEta, throughputPosterior, type EtaEstimate, type EtaInput } from './estimate-eta.js';
import { evaluateEtaError, type EtaOutcome } from './evaluate-eta-error.js';
import { addOpenMinutes, openMinutesBetween } from './open-time.js';
import { exponential, mulberry32 } from './prng.js';

const MIN = 60_000;
const vn = (local: string): Date => new Date(`${local}:00+07:00`);
const minutesBetween = (a: Date, b: Date): number => (b.getTime() - a.getTime()) / MIN;
// 07:00–19:00 every day, 50 vehicles an hour.
const gate = (over: Partial<GateSchedule> = {}): GateSchedule => defaultGateSchedule({ capacityPerHour: 50, ...over });

/** `perHour` completions evenly spread over the `minutes` before `now`. */
const steady = (now: Date, perHour: number, minutes = 120): Date[] => {
  const n = Math.round((perHour * minutes) / 60);
  return Array.from({ length: n }, (_, i) => new Date(now.getTime() - ((i + 0.5) * minutes * MIN) / n));
};

const eta = (over: Partial<EtaInput> & Pick<EtaInput, 'position' | 'now'>): EtaEstimate => {
  const r = estimateEta({ schedule: gate(), windowStart: null, recentCompletions: [], ...over });
  if (!r) throw new Error('expected an estimate');
  return r;
};

describe('estimateEta', () => {
  it('uses the nominal capacity on a cold start: position / capacity', () => {
    const now = vn('2025-07-01T07:00'); // nothing open in the lookback yet
    const r = eta({ position: 50, now });
    expect(minutesBetween(now, r.p50)).toBeGreaterThan(55);
    expect(minutesBetween(now, r.p50)).toBeLessThan(65);
    expect(minutesBetween(now, r.p10)).toBeGreaterThan(40);
    expect(minutesBetween(now, r.p90)).toBeLessThan(80);
  });

  it('keeps that estimate when the gate runs at nominal speed, and narrows it', () => {
    const now = vn('2025-07-01T10:00');
    const cold = eta({ position: 50, now: vn('2025-07-01T07:00') });
    const warm = eta({ position: 50, now, recentCompletions: steady(now, 50) });
    expect(minutesBetween(now, warm.p50)).toBeCloseTo(60, -1);
    expect(minutesBetween(warm.p10, warm.p90)).toBeLessThan(minutesBetween(cold.p10, cold.p90));
  });

  it('ignores lookback time before observation started', () => {
    const now = vn('2025-07-01T10:00');
    const r = eta({ position: 50, now, observedFrom: now });
    expect(minutesBetween(now, r.p50)).toBeCloseTo(60, -1);
    expect(throughputPosterior(gate(), now, [], 120, now).perHour).toBe(50);
  });

  it('is later when the measured throughput is lower', () => {
    const now = vn('2025-07-01T10:00');
    const nominal = eta({ position: 60, now, recentCompletions: steady(now, 50) });
    const slow = eta({ position: 60, now, recentCompletions: steady(now, 20) });
    const stuck = eta({ position: 60, now, recentCompletions: [] });
    expect(slow.p50.getTime()).toBeGreaterThan(nominal.p50.getTime());
    expect(stuck.p50.getTime()).toBeGreaterThan(slow.p50.getTime());
    // Posterior mean (50·1 + 40) / (1 + 2) = 30 an hour: 60 vehicles take about two hours.
    expect(throughputPosterior(gate(), now, steady(now, 20)).perHour).toBeCloseTo(30, 6);
    expect(minutesBetween(now, slow.p50)).toBeCloseTo(120, -1);
  });

  it('skips the closed night hours', () => {
    const now = vn('2025-07-01T18:50');
    const r = eta({ position: 100, now, recentCompletions: steady(now, 50) });
    // 10 minutes (≈ 8 vehicles) tonight, the remaining ≈ 110 minutes from 07:00 tomorrow.
    for (const p of [r.p10, r.p50, r.p90]) expect(p.getTime()).toBeGreaterThan(vn('2025-07-02T07:00').getTime());
    expect(minutesBetween(vn('2025-07-02T07:00'), r.p50)).toBeGreaterThan(95);
    expect(minutesBetween(vn('2025-07-02T07:00'), r.p50)).toBeLessThan(125);
  });

  it('skips closed dates and closed weekdays', () => {
    const now = vn('2025-07-01T18:50');
    const s = gate({ closedDates: ['2025-07-02'] });
    s.openingHours = { ...s.openingHours, 4: null }; // Thursday 2025-07-03
    const r = eta({ position: 100, now, schedule: s, recentCompletions: steady(now, 50) });
    expect(r.p10.getTime()).toBeGreaterThan(vn('2025-07-04T07:00').getTime());
    expect(r.p90.getTime()).toBeLessThan(vn('2025-07-04T12:00').getTime());
  });

  it('is delayed by a suspension and absent while it is open-ended', () => {
    const now = vn('2025-07-01T10:00');
    const recentCompletions = steady(now, 50);
    const free = eta({ position: 50, now, recentCompletions });
    const held = eta({ position: 50, now, recentCompletions, suspendedUntil: vn('2025-07-01T12:00') });
    expect(minutesBetween(free.p50, held.p50)).toBeCloseTo(120, 0);
    const over = eta({ position: 50, now, recentCompletions, suspendedUntil: vn('2025-07-01T09:00') });
    expect(over).toEqual(free);
    // A suspension running past closing time pushes into the next morning.
    const late = eta({ position: 50, now, recentCompletions, suspendedUntil: vn('2025-07-01T18:30') });
    expect(late.p50.getTime()).toBeGreaterThan(vn('2025-07-02T07:00').getTime());
    expect(
      estimateEta({
        position: 1,
        now,
        schedule: gate(),
        windowStart: null,
        recentCompletions,
        suspendedUntil: 'OPEN_ENDED',
      }),
    ).toBeNull();
  });

  it('never shows a time before the vehicle’s window', () => {
    const now = vn('2025-07-01T10:00');
    const windowStart = vn('2025-07-01T15:00');
    const r = eta({ position: 1, now, windowStart });
    expect(r).toEqual({ p10: windowStart, p50: windowStart, p90: windowStart });
  });

  it('returns null when no throughput can be expected or the gate never opens', () => {
    const now = vn('2025-07-01T10:00');
    expect(
      estimateEta({
        position: 1,
        now,
        schedule: gate({ capacityPerHour: 0 }),
        windowStart: null,
        recentCompletions: [],
      }),
    ).toBeNull();
    const never = gate();
    never.openingHours = { 0: null, 1: null, 2: null, 3: null, 4: null, 5: null, 6: null };
    expect(estimateEta({ position: 1, now, schedule: never, windowStart: null, recentCompletions: [] })).toBeNull();
    expect(() => estimateEta({ position: 0, now, schedule: gate(), windowStart: null, recentCompletions: [] })).toThrow(
      RangeError,
    );
  });

  it('always orders p10 ≤ p50 ≤ p90, never before now, the window or the suspension end', () => {
    const base = vn('2025-07-01T00:00').getTime();
    fc.assert(
      fc.property(
        fc.record({
          position: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 6000 })),
          now: fc.integer({ min: 0, max: 3 * 24 * 60 }),
          capacity: fc.integer({ min: 20, max: 120 }),
          completions: fc.array(fc.integer({ min: 0, max: 240 }), { maxLength: 300 }),
          window: fc.option(fc.integer({ min: -600, max: 3000 })),
          suspended: fc.option(fc.integer({ min: -60, max: 2000 }), { freq: 3 }),
        }),
        (r) => {
          const now = new Date(base + r.now * MIN);
          const windowStart = r.window === null ? null : new Date(now.getTime() + r.window * MIN);
          const suspendedUntil = r.suspended === null ? null : new Date(now.getTime() + r.suspended * MIN);
          const out = estimateEta({
            position: r.position,
            now,
            schedule: gate({ capacityPerHour: r.capacity }),
            windowStart,
            recentCompletions: r.completions.map((m) => new Date(now.getTime() - m * MIN)),
            suspendedUntil,
          });
          expect(out).not.toBeNull();
          const { p10, p50, p90 } = out!;
          expect(p10.getTime()).toBeLessThanOrEqual(p50.getTime());
          expect(p50.getTime()).toBeLessThanOrEqual(p90.getTime());
          for (const floor of [now, windowStart, suspendedUntil]) {
            if (floor) expect(p10.getTime()).toBeGreaterThanOrEqual(floor.getTime());
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('estimateEta against a simulated Poisson gate', () => {
  it('puts about 80 % of actual call times inside [p10, p90]', () => {
    const random = mulberry32(20250701);
    const schedule = gate({ capacityPerHour: 60 });
    const outcomes: EtaOutcome[] = [];
    for (let i = 0; i < 400; i++) {
      // A gate that runs at 75–105 % of its nominal capacity, seen for two hours, then a vehicle further back.
      const perHour = 60 * (0.75 + 0.3 * random());
      const now = new Date(vn('2025-07-01T09:00').getTime() + Math.floor(random() * 8 * 60) * MIN + i * 24 * 60 * MIN);
      const past: Date[] = [];
      for (let t = exponential(random, perHour); t < 2; t += exponential(random, perHour)) {
        past.push(new Date(now.getTime() - t * 60 * MIN));
      }
      const position = 1 + Math.floor(random() * 400);
      let openHours = 0;
      for (let j = 0; j < position; j++) openHours += exponential(random, perHour);
      const actual = addOpenMinutes(schedule, now, openHours * 60)!;
      const r = estimateEta({ position, now, schedule, windowStart: null, recentCompletions: past })!;
      outcomes.push({ ...r, actual });
    }
    const report = evaluateEtaError(outcomes);
    expect(report.count).toBe(400);
    expect(report.coverageP10P90).toBeGreaterThanOrEqual(0.7);
    expect(report.coverageP10P90).toBeLessThanOrEqual(0.9);
    // Misses fall on both sides: the interval is not merely shifted.
    const early = outcomes.filter((o) => o.actual < o.p10).length;
    const late = outcomes.filter((o) => o.actual > o.p90).length;
    expect(Math.min(early, late)).toBeGreaterThan(0.02 * outcomes.length);
  });
});

describe('open time', () => {
  const s = gate();

  it('measures and adds open minutes across nights', () => {
    expect(openMinutesBetween(s, vn('2025-07-01T18:00'), vn('2025-07-02T08:00'))).toBe(120);
    expect(addOpenMinutes(s, vn('2025-07-01T18:00'), 120)).toEqual(vn('2025-07-02T08:00'));
    expect(addOpenMinutes(s, vn('2025-07-01T20:00'), 0)).toEqual(vn('2025-07-02T07:00'));
    expect(addOpenMinutes(s, vn('2025-07-01T19:00'), 0)).toEqual(vn('2025-07-02T07:00'));
    expect(addOpenMinutes(s, vn('2025-07-01T10:00'), 30)).toEqual(vn('2025-07-01T10:30'));
  });
});

describe('evaluateEtaError', () => {
  it('summarises absolute error, coverage and bias', () => {
    const at = (m: number): Date => new Date(vn('2025-07-01T10:00').getTime() + m * MIN);
    const p = (p10: number, p50: number, p90: number, actual: number): EtaOutcome => ({
      p10: at(p10),
      p50: at(p50),
      p90: at(p90),
      actual: at(actual),
    });
    const report = evaluateEtaError([p(0, 10, 20, 10), p(0, 10, 20, 30), p(0, 10, 20, 5), p(0, 10, 20, 20)]);
    // Errors (actual − p50): 0, +20, −5, +10.
    expect(report).toEqual({
      count: 4,
      medianAbsErrorMinutes: 7.5,
      p90AbsErrorMinutes: 17,
      coverageP10P90: 0.75,
      biasMinutes: 6.25,
    });
    expect(evaluateEtaError([])).toEqual({
      count: 0,
      medianAbsErrorMinutes: null,
      p90AbsErrorMinutes: null,
      coverageP10P90: null,
      biasMinutes: null,
    });
  });
});
