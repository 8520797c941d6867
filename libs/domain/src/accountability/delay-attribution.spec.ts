import {
  attributeDelays,
  type CallConditions,
  delaysClosedByLast,
  judgeNoShow,
  suspensionIntervals,
  type SuspensionInterval,
  type TrailEvent,
} from './delay-attribution.js';

const T0 = Date.parse('2026-12-01T01:00:00.000Z');
/** Minutes after 08:00 Lạng Sơn time. */
const m = (minutes: number) => new Date(T0 + minutes * 60_000);
const REQUIRED = ['CUSTOMS', 'BORDER_GUARD'] as const;
const calm: CallConditions = { windowStart: m(0), inGateArea: 0, windowCapacity: 18, held: {} };

const ev = (action: string, to: string | null, at: number, o: Partial<TrailEvent> = {}): TrailEvent => ({
  action,
  to,
  at: m(at),
  actorRole: action === 'no-show' ? 'SYSTEM' : 'CUSTOMS',
  ...o,
});

/** A stay from check-in to crossing, each step `gaps[i]` minutes after the previous one. */
function stay(gaps: { call: number; arrive: number; customs: number; guard: number; cross: number }, call = calm) {
  let t = -30;
  const at = (g: number) => (t += g);
  return [
    ev('check-in', 'CHECKED_IN', at(0)),
    ev('call', 'CALLED', at(30 + gaps.call), { call }),
    ev('arrive', 'AT_GATE', at(gaps.arrive), { actorRole: 'CUSTOMS' }),
    ev('confirm:CUSTOMS', 'AT_GATE', at(gaps.customs)),
    ev('confirm:BORDER_GUARD', 'CLEARED', at(gaps.guard), { actorRole: 'BORDER_GUARD' }),
    ev('cross', 'CROSSED', at(gaps.cross), { actorRole: 'BORDER_GUARD' }),
  ];
}
const o = (suspensions: SuspensionInterval[] = [], thresholdMinutes = 30) => ({
  suspensions,
  thresholdMinutes,
  required: REQUIRED,
});
const brief = (t: TrailEvent[], s: SuspensionInterval[] = [], th = 30) =>
  attributeDelays(t, o(s, th)).map((d) => [d.segment, d.party, d.agency, d.minutes]);

describe('attributeDelays', () => {
  it('finds nothing in a stay whose every step is within the setting', () => {
    expect(attributeDelays(stay({ call: 10, arrive: 20, customs: 25, guard: 5, cross: 5 }), o())).toEqual([]);
  });

  it('puts a late call on the gate, counted from the start of the window the truck held', () => {
    // Checked in 30 min before its window; called 45 min after the window began.
    expect(brief(stay({ call: 45, arrive: 5, customs: 5, guard: 5, cross: 5 }))).toEqual([
      ['WAIT_FOR_CALL', 'GATE', null, 45],
    ]);
  });

  it('does not count the wait before the window, however long', () => {
    const early = { ...calm, windowStart: m(200) };
    expect(brief(stay({ call: 0, arrive: 5, customs: 5, guard: 5, cross: 5 }, early))).toEqual([]);
  });

  it('puts a slow arrival on the firm when the lane was free', () => {
    expect(brief(stay({ call: 0, arrive: 50, customs: 5, guard: 5, cross: 5 }))).toEqual([
      ['CALL_TO_ARRIVAL', 'FIRM', null, 50],
    ]);
  });

  it('puts a slow arrival on the gate when the call came with the gate area over capacity', () => {
    const full = { ...calm, inGateArea: 18, windowCapacity: 18 };
    const [d] = attributeDelays(stay({ call: 0, arrive: 50, customs: 5, guard: 5, cross: 5 }, full), o());
    expect([d.party, d.agency]).toEqual(['GATE', null]);
    expect(d.reason).toEqual({ code: 'GATE_AREA_FULL', params: { inGateArea: 18, windowCapacity: 18 } });
  });

  it('puts a slow arrival on the agency holding a vehicle of the lane when the call came', () => {
    const blocked = { ...calm, inGateArea: 1, held: { BORDER_GUARD: 1 } };
    const trail = stay({ call: 0, arrive: 50, customs: 5, guard: 5, cross: 5 }, blocked);
    expect(brief(trail)).toEqual([['CALL_TO_ARRIVAL', 'AGENCY', 'BORDER_GUARD', 50]]);
    expect(attributeDelays(trail, o())[0].reason).toEqual({
      code: 'LANE_BLOCKED_BY_HOLD',
      params: { agency: 'BORDER_GUARD' },
    });
  });

  it('puts the wait at the gate on the agency whose confirmation came last', () => {
    expect(brief(stay({ call: 0, arrive: 5, customs: 10, guard: 40, cross: 5 }))).toEqual([
      ['AT_GATE', 'AGENCY', 'BORDER_GUARD', 50],
    ]);
    const customsLast = [
      ev('check-in', 'CHECKED_IN', -30),
      ev('call', 'CALLED', 0, { call: calm }),
      ev('confirm:BORDER_GUARD', 'CALLED', 1, { actorRole: 'BORDER_GUARD' }),
      ev('arrive', 'AT_GATE', 5),
      ev('confirm:CUSTOMS', 'CLEARED', 70),
      ev('cross', 'CROSSED', 75, { actorRole: 'BORDER_GUARD' }),
    ];
    expect(brief(customsLast)).toEqual([['AT_GATE', 'AGENCY', 'CUSTOMS', 65]]);
  });

  it('puts a hold on the agency that held, and the wait before it on that agency too', () => {
    const held = [
      ev('check-in', 'CHECKED_IN', -30),
      ev('call', 'CALLED', 0, { call: calm }),
      ev('arrive', 'AT_GATE', 5),
      ev('hold', 'HELD', 40, { actorRole: 'BORDER_GUARD' }),
      ev('release', 'AT_GATE', 160, { actorRole: 'BORDER_GUARD' }),
      ev('confirm:CUSTOMS', 'AT_GATE', 161),
      ev('confirm:BORDER_GUARD', 'CLEARED', 162, { actorRole: 'BORDER_GUARD' }),
      ev('cross', 'CROSSED', 163, { actorRole: 'BORDER_GUARD' }),
    ];
    expect(brief(held)).toEqual([
      ['AT_GATE', 'AGENCY', 'BORDER_GUARD', 35],
      ['HOLD', 'AGENCY', 'BORDER_GUARD', 120],
    ]);
    expect(attributeDelays(held, o()).map((d) => d.reason)).toEqual([
      { code: 'AWAITING_CONFIRMATION', params: { agency: 'BORDER_GUARD' } },
      { code: 'HELD_BY_AGENCY', params: { agency: 'BORDER_GUARD' } },
    ]);
  });

  it('puts a long wait between clearance and crossing on the gate', () => {
    expect(brief(stay({ call: 0, arrive: 5, customs: 5, guard: 5, cross: 90 }))).toEqual([
      ['CLEARED_TO_CROSSING', 'GATE', null, 90],
    ]);
  });

  it('gives a delay to the suspension when the gate was suspended for at least half of it', () => {
    const trail = stay({ call: 0, arrive: 5, customs: 5, guard: 5, cross: 90 });
    // Cleared at 15, crossed at 105: suspended 30 → 80 (50 of 90 minutes).
    expect(brief(trail, [{ from: m(30), until: m(80) }])).toEqual([['CLEARED_TO_CROSSING', 'SUSPENSION', null, 90]]);
    expect(attributeDelays(trail, o([{ from: m(30), until: m(80) }]))[0].reason).toEqual({
      code: 'SUSPENDED_MOST_OF_WAIT',
    });
    expect(attributeDelays(trail, o())[0].reason).toEqual({ code: 'SLOW_CROSSING' });
    // 30 → 50 is under half: still the gate's.
    expect(brief(trail, [{ from: m(30), until: m(50) }])).toEqual([['CLEARED_TO_CROSSING', 'GATE', null, 90]]);
    // A suspension still in force covers the rest of the delay.
    expect(brief(trail, [{ from: m(40), until: null }])).toEqual([['CLEARED_TO_CROSSING', 'SUSPENSION', null, 90]]);
  });

  it('uses the gate setting as a strict bound', () => {
    const t = stay({ call: 0, arrive: 30, customs: 5, guard: 5, cross: 5 });
    expect(brief(t, [], 30)).toEqual([]);
    expect(brief(t, [], 29)).toEqual([['CALL_TO_ARRIVAL', 'FIRM', null, 30]]);
  });

  it('attributes each call of a truck called twice (after a first no-show) separately', () => {
    const twice = [
      ev('check-in', 'CHECKED_IN', -30),
      ev('call', 'CALLED', 0, { call: calm }),
      ev('no-show', 'CHECKED_IN', 40),
      ev('call', 'CALLED', 100, { call: { ...calm, windowStart: m(60), held: { CUSTOMS: 2 } } }),
      ev('arrive', 'AT_GATE', 150),
    ];
    expect(brief(twice)).toEqual([
      ['CALL_TO_ARRIVAL', 'FIRM', null, 40],
      ['WAIT_FOR_CALL', 'GATE', null, 40],
      ['CALL_TO_ARRIVAL', 'AGENCY', 'CUSTOMS', 50],
    ]);
  });

  it('records every delay once: by the event that closed it', () => {
    const trail = stay({ call: 45, arrive: 50, customs: 5, guard: 60, cross: 90 });
    const all = attributeDelays(trail, o());
    const byEvent = trail.flatMap((_, i) => delaysClosedByLast(trail.slice(0, i + 1), o()));
    expect(byEvent).toEqual(all);
    expect(all.map((d) => d.segment)).toEqual(['WAIT_FOR_CALL', 'CALL_TO_ARRIVAL', 'AT_GATE', 'CLEARED_TO_CROSSING']);
    expect(all.map((d) => d.reason.code)).toEqual([
      'CALLED_LATE',
      'NOT_ARRIVED_AFTER_CALL',
      'AWAITING_CONFIRMATION',
      'SLOW_CROSSING',
    ]);
    for (const d of all) expect(d.until.getTime() - d.from.getTime()).toBe(d.minutes * 60_000);
  });

  it('treats a call recorded without its conditions as a free lane', () => {
    const old = stay({ call: 0, arrive: 50, customs: 5, guard: 5, cross: 5 }).map((e) => ({ ...e, call: null }));
    expect(brief(old)).toEqual([['CALL_TO_ARRIVAL', 'FIRM', null, 50]]);
  });
});

describe('judgeNoShow', () => {
  const called = (call: CallConditions, at = 0) => [
    ev('check-in', 'CHECKED_IN', -30),
    ev('call', 'CALLED', at, { call }),
  ];

  it('holds a miss against the firm when the lane was free and the gate open', () => {
    expect(judgeNoShow(called(calm), m(30), [])).toEqual({
      waived: false,
      party: 'FIRM',
      agency: null,
      reason: { code: 'NOT_ARRIVED_AFTER_CALL' },
    });
  });

  it('waives it when the call came during a suspension', () => {
    const j = judgeNoShow(called(calm, 10), m(40), [{ from: m(5), until: m(20) }]);
    expect(j).toMatchObject({ waived: true, party: 'SUSPENSION', agency: null });
    expect(j.reason).toEqual({ code: 'CALLED_DURING_SUSPENSION' });
  });

  it('waives it when a suspension began after the call and lasted most of the grace period', () => {
    expect(judgeNoShow(called(calm), m(30), [{ from: m(10), until: null }])).toMatchObject({
      waived: true,
      party: 'SUSPENSION',
      reason: { code: 'SUSPENDED_AFTER_CALL' },
    });
    expect(judgeNoShow(called(calm), m(30), [{ from: m(20), until: null }]).waived).toBe(false);
  });

  it('waives it when an agency held a vehicle of the lane at the call, naming the agency', () => {
    const j = judgeNoShow(called({ ...calm, inGateArea: 1, held: { CUSTOMS: 1 } }), m(30), []);
    expect(j).toMatchObject({ waived: true, party: 'AGENCY', agency: 'CUSTOMS' });
    expect(j.reason).toEqual({ code: 'LANE_BLOCKED_BY_HOLD', params: { agency: 'CUSTOMS' } });
  });

  it('waives it when the call came with the gate area over capacity, and not at capacity minus one', () => {
    expect(judgeNoShow(called({ ...calm, inGateArea: 4, windowCapacity: 4 }), m(30), [])).toMatchObject({
      waived: true,
      party: 'GATE',
      reason: { code: 'GATE_AREA_FULL', params: { inGateArea: 4, windowCapacity: 4 } },
    });
    expect(judgeNoShow(called({ ...calm, inGateArea: 3, windowCapacity: 4 }), m(30), []).waived).toBe(false);
    // The gate closed now (no window): any vehicle already at the gate fills it.
    expect(judgeNoShow(called({ ...calm, inGateArea: 0, windowCapacity: 0 }), m(30), []).waived).toBe(true);
  });

  it('judges the latest call of the trail, and a trail without a call as the firm’s', () => {
    const t = [
      ...called({ ...calm, held: { CUSTOMS: 1 } }),
      ev('no-show', 'CHECKED_IN', 30),
      ev('call', 'CALLED', 60, { call: calm }),
    ];
    expect(judgeNoShow(t, m(90), []).waived).toBe(false);
    expect(judgeNoShow([ev('check-in', 'CHECKED_IN', 0)], m(90), []).waived).toBe(false);
  });
});

describe('suspensionIntervals', () => {
  it('closes a suspension at its resumption or at the next suspension, and keeps a planned end', () => {
    expect(
      suspensionIntervals([
        { action: 'suspend', at: m(0), until: null },
        { action: 'resume', at: m(30), until: null },
        { action: 'suspend', at: m(60), until: m(120) },
        { action: 'suspend', at: m(90), until: null },
        { action: 'resume', at: m(100), until: null },
        { action: 'suspend', at: m(200), until: m(230) },
        { action: 'resume', at: m(240), until: null },
      ]),
    ).toEqual([
      { from: m(0), until: m(30) },
      { from: m(60), until: m(90) },
      { from: m(90), until: m(100) },
      { from: m(200), until: m(230) },
    ]);
  });

  it('leaves the last suspension open while it lasts', () => {
    expect(suspensionIntervals([{ action: 'suspend', at: m(0), until: null }])).toEqual([{ from: m(0), until: null }]);
    expect(suspensionIntervals([{ action: 'resume', at: m(0), until: null }])).toEqual([]);
  });
});
