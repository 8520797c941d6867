// The replay on a subset of the real truck queues (every 6th snapshot): the harness runs, and the model keeps the
// issue's targets where they are met on the full replay (BENCHMARKS-ETA.md), with a margin for the subset.
import { loadQueues, replayQueue, scoreIntervals, scorePoints, sharedDataDir, type Sample } from './replay.js';

const queues = loadQueues(sharedDataDir(process.cwd()));

describe.each(['bursty', 'smooth'] as const)('ETA replayed on real truck queues, %s departures', (how) => {
  const samples: Sample[] = [];
  let afterEnd = 0;
  beforeAll(() => {
    for (const q of queues) {
      const out = replayQueue(q, how, { every: 6 });
      samples.push(...out.samples);
      afterEnd += out.afterEnd;
    }
  });

  it('covers 0.74–0.86 of calls with [p10, p90], at least 0.68 in every regime, beats eCherha’s shown wait, and is narrower than the wait', () => {
    expect(queues.length).toBe(15);
    expect(samples.length).toBeGreaterThan(10_000);
    expect(afterEnd).toBeGreaterThan(0);
    const m = scoreIntervals(samples.map((s) => ({ waitH: s.waitH, ...s.model })));
    const shown = samples.filter((s) => s.shownH !== null);
    const b = scorePoints(shown.map((s) => ({ waitH: s.waitH, p50: s.shownH! })));
    // The targets (0.75–0.85 overall, 0.70 in every regime) with a margin for the subset (every 6th snapshot).
    expect(m.coverage).toBeGreaterThanOrEqual(0.74);
    expect(m.coverage).toBeLessThanOrEqual(0.86);
    expect(m.maeH).toBeLessThan(b.maeH);
    expect(m.widthRatio).toBeLessThanOrEqual(1);
    const regimes: [string, (s: Sample) => boolean][] = [
      ['steady', (s) => s.regime === 'steady'],
      ['after a stall', (s) => s.regime === 'after a stall'],
      ['after a burst', (s) => s.regime === 'after a burst'],
      ['short', (s) => !s.long],
      ['long', (s) => s.long],
    ];
    for (const [name, keep] of regimes) {
      const r = scoreIntervals(samples.filter(keep).map((s) => ({ waitH: s.waitH, ...s.model })));
      expect({ name, coverage: r.coverage >= 0.68 }).toEqual({ name, coverage: true });
    }
  });
});
