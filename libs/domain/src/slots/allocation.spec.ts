import type { PriorityClass } from '../identifiers/reference-data.js';
import {
  advanceFloor,
  assignAll,
  checkInvariants,
  pickWindow,
  recordIssue,
  type AllocationContext,
  type ClassFloor,
  type QueueEntry,
  type WindowUsage,
} from './allocation.js';
import { defaultGateSchedule } from './defaults.js';
import type { GateSchedule } from './schedule.js';
import { generateWindows, type SlotWindow } from './windows.js';

const vn = (local: string): Date => new Date(`${local}:00+07:00`);
/** 'MM-DD HH:MM' in gate local time, to keep expectations readable. */
const label = (d: Date | null | undefined): string | null =>
  d ? new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ') : null;

// 07:00–19:00 every day, 30-minute windows of 2 places (4/h), no reservation unless a test sets one.
const base = (over: Partial<GateSchedule> = {}): GateSchedule =>
  defaultGateSchedule({ capacityPerHour: 4, priorityShare: 0, releaseLeadMinutes: 0, dailyCap: null, ...over });
const windowsOf = (s: GateSchedule): SlotWindow[] => generateWindows(s, vn('2025-07-01T00:00'), vn('2025-07-03T00:00'));
const ctxOf = (
  s: GateSchedule,
  now = '2025-07-01T06:00',
  extra: Partial<AllocationContext> = {},
): AllocationContext => ({
  now: vn(now),
  schedule: s,
  ...extra,
});

let seq = 0;
const entry = (
  id: string,
  cls: PriorityClass = 'GENERAL',
  checkedIn = '2025-07-01T06:00',
  notBefore?: string,
): QueueEntry => ({
  id,
  priorityClass: cls,
  checkedInAt: vn(checkedIn),
  seq: seq++,
  ...(notBefore ? { notBefore: vn(notBefore) } : {}),
});
const generals = (n: number, prefix = 'g'): QueueEntry[] =>
  Array.from({ length: n }, (_, i) => entry(`${prefix}${i + 1}`));
const labels = (m: Map<string, Date | null>): Record<string, string | null> =>
  Object.fromEntries([...m].map(([k, v]) => [k, label(v)]));

function run(entries: QueueEntry[], s: GateSchedule, ctx: AllocationContext = ctxOf(s), baseUsage: WindowUsage[] = []) {
  const windows = windowsOf(s);
  const result = assignAll(entries, windows, ctx, baseUsage);
  expect(checkInvariants(result, entries, windows, ctx, baseUsage)).toEqual([]);
  return result;
}

/** True when windows never go backwards in check-in order (per class). */
function inOrder(entries: QueueEntry[], result: Map<string, Date | null>): boolean {
  let last = -Infinity;
  for (const e of entries) {
    const t = result.get(e.id)?.getTime() ?? Infinity;
    if (t < last) return false;
    last = t;
  }
  return true;
}

describe('assignAll', () => {
  it('gives the earliest windows with room, first come first served', () => {
    const s = base();
    expect(labels(run(generals(5), s))).toEqual({
      g1: '07-01 07:00',
      g2: '07-01 07:00',
      g3: '07-01 07:30',
      g4: '07-01 07:30',
      g5: '07-01 08:00',
    });
  });

  it('only gives windows that start at or after now', () => {
    const s = base();
    const r = run(generals(2), s, ctxOf(s, '2025-07-01T07:10'));
    expect(labels(r)).toEqual({ g1: '07-01 07:30', g2: '07-01 07:30' });
    expect(labels(run(generals(1), s, ctxOf(s, '2025-07-01T07:30')))).toEqual({ g1: '07-01 07:30' });
  });

  it('breaks check-in ties by seq', () => {
    const s = base({ capacityPerHour: 2 });
    const late = { ...entry('b'), seq: 2 };
    const early = { ...entry('a'), seq: 1 };
    expect(labels(run([late, early], s))).toEqual({ a: '07-01 07:00', b: '07-01 07:30' });
  });
});

describe('suspension and resume', () => {
  const s = base();
  const entries = generals(5);

  it('moves everybody past a suspension, in order, and back on resume', () => {
    const suspended = run(
      entries,
      s,
      ctxOf(s, '2025-07-01T06:00', { suspensions: [{ from: vn('2025-07-01T07:00'), until: vn('2025-07-01T08:15') }] }),
    );
    // 08:00–08:30 overlaps the suspension, so the first usable window is 08:30.
    expect(Object.values(labels(suspended))).toEqual([
      '07-01 08:30',
      '07-01 08:30',
      '07-01 09:00',
      '07-01 09:00',
      '07-01 09:30',
    ]);
    expect(inOrder(entries, suspended)).toBe(true);
    const resumed = run(entries, s);
    expect(Object.values(labels(resumed))).toEqual([
      '07-01 07:00',
      '07-01 07:00',
      '07-01 07:30',
      '07-01 07:30',
      '07-01 08:00',
    ]);
  });

  it('leaves everybody beyond an open-ended suspension waiting', () => {
    const many = generals(24, 'm');
    const r = run(
      many,
      s,
      ctxOf(s, '2025-07-01T06:00', { suspensions: [{ from: vn('2025-07-01T12:00'), until: null }] }),
    );
    const values = many.map((e) => r.get(e.id) ?? null);
    expect(values.slice(0, 20).every((v) => v !== null)).toBe(true); // 07:00–11:30: 10 windows × 2
    expect(values.slice(20)).toEqual([null, null, null, null]);
  });
});

describe('capacity changes', () => {
  const entries = generals(12);

  it('lowering capacity moves entries later, never out of order', () => {
    const before = run(entries, base({ capacityPerHour: 4 }));
    const after = run(entries, base({ capacityPerHour: 2 }));
    for (const e of entries) expect(after.get(e.id)!.getTime()).toBeGreaterThanOrEqual(before.get(e.id)!.getTime());
    expect(label(after.get('g12'))).toBe('07-01 12:30');
    expect(inOrder(entries, after)).toBe(true);
  });

  it('raising capacity never moves an entry later', () => {
    const before = run(entries, base({ capacityPerHour: 4 }));
    const after = run(entries, base({ capacityPerHour: 10 }));
    for (const e of entries) expect(after.get(e.id)!.getTime()).toBeLessThanOrEqual(before.get(e.id)!.getTime());
    expect(label(after.get('g12'))).toBe('07-01 08:00');
  });
});

describe('daily cap', () => {
  it('spills past the cap into the next open day', () => {
    const r = run(generals(5), base({ dailyCap: 3 }));
    expect(Object.values(labels(r))).toEqual([
      '07-01 07:00',
      '07-01 07:00',
      '07-01 07:30',
      '07-02 07:00',
      '07-02 07:00',
    ]);
  });

  it('lets a per-day override win over the schedule cap', () => {
    const s = base({ dailyCap: 3 });
    const r = run(generals(5), s, ctxOf(s, '2025-07-01T06:00', { dailyCaps: { '2025-07-01': 1, '2025-07-02': 100 } }));
    expect(Object.values(labels(r))).toEqual([
      '07-01 07:00',
      '07-02 07:00',
      '07-02 07:00',
      '07-02 07:30',
      '07-02 07:30',
    ]);
    const closed = run(
      generals(2),
      s,
      ctxOf(s, '2025-07-01T06:00', { dailyCaps: { '2025-07-01': 0, '2025-07-02': 0 } }),
    );
    expect(Object.values(labels(closed))).toEqual([null, null]);
  });

  it('counts places already issued earlier in the day', () => {
    const s = base({ dailyCap: 3 });
    const issued: WindowUsage[] = [{ start: vn('2025-07-01T07:00'), issuedTotal: 2, issuedGeneral: 2 }];
    const r = run(generals(2), s, ctxOf(s, '2025-07-01T07:45'), issued);
    expect(Object.values(labels(r))).toEqual(['07-01 08:00', '07-02 07:00']);
  });
});

describe('priority reservation', () => {
  // 2 places a window, 1 of them kept for perishables until 30 minutes before the window starts.
  const s = base({ priorityShare: 0.5, releaseLeadMinutes: 30 });
  const mixed = (): QueueEntry[] => [
    entry('g1'),
    entry('g2'),
    entry('g3'),
    entry('p1', 'PRIORITY'),
    entry('p2', 'PRIORITY'),
  ];

  it('keeps reserved places for PRIORITY before release', () => {
    expect(labels(run(mixed(), s, ctxOf(s, '2025-07-01T06:00')))).toEqual({
      g1: '07-01 07:00',
      g2: '07-01 07:30',
      g3: '07-01 08:00',
      p1: '07-01 07:00',
      p2: '07-01 07:30',
    });
  });

  it('releases them to GENERAL at the lead time', () => {
    expect(labels(run(mixed(), s, ctxOf(s, '2025-07-01T06:29')))['g2']).toBe('07-01 07:30');
    expect(labels(run(mixed(), s, ctxOf(s, '2025-07-01T06:30')))).toEqual({
      g1: '07-01 07:00',
      g2: '07-01 07:00',
      g3: '07-01 07:30',
      p1: '07-01 07:30',
      p2: '07-01 08:00',
    });
  });

  it('makes GENERAL wait (and everyone after it) when all places are reserved', () => {
    const all = base({ priorityShare: 1, releaseLeadMinutes: 30 });
    const entries = [entry('g1'), entry('p1', 'PRIORITY'), entry('g2')];
    expect(labels(run(entries, all, ctxOf(all, '2025-07-01T06:00')))).toEqual({
      g1: null,
      p1: '07-01 07:00',
      g2: null,
    });
    // At 06:30 only the 07:00 window is released; from 07:00 on the 07:30 one is too.
    expect(labels(run(entries, all, ctxOf(all, '2025-07-01T06:30')))).toEqual({
      g1: '07-01 07:00',
      p1: '07-01 07:00',
      g2: null,
    });
    expect(labels(run(entries, all, ctxOf(all, '2025-07-01T07:00')))).toEqual({
      g1: '07-01 07:00',
      p1: '07-01 07:00',
      g2: '07-01 07:30',
    });
  });
});

describe('no-show penalty', () => {
  const s = base();

  it('slots a penalised vehicle after notBefore without holding back its class', () => {
    const entries = [entry('late', 'GENERAL', '2025-07-01T05:00', '2025-07-01T08:00'), ...generals(3)];
    expect(labels(run(entries, s))).toEqual({
      late: '07-01 08:00',
      g1: '07-01 07:00',
      g2: '07-01 07:00',
      g3: '07-01 07:30',
    });
  });

  it('lets later vehicles through when the penalised one finds no window', () => {
    const entries = [entry('late', 'GENERAL', '2025-07-01T05:00', '2025-07-05T08:00'), ...generals(1)];
    expect(labels(run(entries, s))).toEqual({ late: null, g1: '07-01 07:00' });
  });
});

describe('pickWindow (incremental check-in)', () => {
  const s = base({ priorityShare: 0.5, releaseLeadMinutes: 30 });
  const windows = windowsOf(s);

  it('returns null behind a waiting entry of the same class', () => {
    expect(pickWindow(entry('x'), windows, [], 'WAITING', ctxOf(s))).toBeNull();
    expect(label(pickWindow(entry('x'), windows, [], null, ctxOf(s))?.start)).toBe('07-01 07:00');
    expect(label(pickWindow(entry('x'), windows, [], vn('2025-07-01T09:00'), ctxOf(s))?.start)).toBe('07-01 09:00');
  });

  it('follows a day of check-ins as they happen and keeps every invariant', () => {
    // Vehicles arrive through the morning, each picking with the clock at its own check-in.
    const entries: QueueEntry[] = [];
    for (let i = 0; i < 40; i++) {
      const minute = 6 * 60 + i * 7;
      const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      entries.push(entry(`v${i}`, i % 3 === 0 ? 'PRIORITY' : 'GENERAL', `2025-07-01T${hhmm}`));
    }
    let usage: WindowUsage[] = [];
    const floors: Record<PriorityClass, ClassFloor> = { PRIORITY: null, GENERAL: null };
    const result = new Map<string, Date | null>();
    for (const e of entries) {
      const w = pickWindow(e, windows, usage, floors[e.priorityClass], ctxOf(s, '', { now: e.checkedInAt }));
      if (w) usage = recordIssue(usage, w, e.priorityClass);
      floors[e.priorityClass] = advanceFloor(floors[e.priorityClass], e, w);
      result.set(e.id, w ? w.start : null);
    }
    const lastNow = ctxOf(s, '', { now: entries.at(-1)!.checkedInAt });
    expect(checkInvariants(result, entries, windows, lastNow)).toEqual([]);
    expect([...result.values()].every((v) => v !== null)).toBe(true);
  });

  it('recordIssue returns a new usage list', () => {
    const start = vn('2025-07-01T07:00');
    const u0: WindowUsage[] = [{ start, issuedTotal: 1, issuedGeneral: 0 }];
    const u1 = recordIssue(u0, { start }, 'GENERAL');
    expect(u0[0]).toEqual({ start, issuedTotal: 1, issuedGeneral: 0 });
    expect(u1).toEqual([{ start, issuedTotal: 2, issuedGeneral: 1 }]);
    expect(recordIssue(u1, { start: vn('2025-07-01T07:30') }, 'PRIORITY')).toHaveLength(2);
  });
});

describe('checkInvariants', () => {
  const s = base({ priorityShare: 0.5, releaseLeadMinutes: 30, dailyCap: 3 });
  const windows = windowsOf(s);
  const ctx = ctxOf(s, '2025-07-01T06:00', {
    suspensions: [{ from: vn('2025-07-01T10:00'), until: vn('2025-07-01T11:00') }],
  });
  const kinds = (assign: Record<string, string | null>, entries: QueueEntry[], c = ctx): string[] =>
    checkInvariants(new Map(Object.entries(assign).map(([k, v]) => [k, v ? vn(v) : null])), entries, windows, c).map(
      (v) => v.kind,
    );

  it('flags over capacity, reserved places used early and the daily cap', () => {
    const [a, b, c, d] = [entry('a', 'PRIORITY'), entry('b', 'PRIORITY'), entry('c', 'PRIORITY'), entry('d')];
    expect(kinds({ a: '2025-07-01T07:00', b: '2025-07-01T07:00', c: '2025-07-01T07:00' }, [a, b, c])).toEqual([
      'OVER_CAPACITY',
    ]);
    const g = [entry('g1'), entry('g2')];
    expect(kinds({ g1: '2025-07-01T07:00', g2: '2025-07-01T07:00' }, g)).toEqual(['RESERVED_BEFORE_RELEASE']);
    expect(
      kinds({ g1: '2025-07-01T07:00', g2: '2025-07-01T07:00' }, g, { ...ctx, now: vn('2025-07-01T06:30') }),
    ).toEqual([]);
    expect(
      kinds({ a: '2025-07-01T07:00', b: '2025-07-01T07:30', c: '2025-07-01T08:00', d: '2025-07-01T08:30' }, [
        a,
        b,
        c,
        d,
      ]),
    ).toEqual(['OVER_DAILY_CAP']);
  });

  it('flags FIFO inversions within a class but not across classes', () => {
    const [g1, p1, g2] = [entry('g1'), entry('p1', 'PRIORITY'), entry('g2')];
    expect(kinds({ g1: '2025-07-01T08:00', p1: '2025-07-01T09:00', g2: '2025-07-01T07:30' }, [g1, p1, g2])).toEqual([
      'FIFO_INVERSION',
    ]);
    expect(kinds({ g1: null, g2: '2025-07-01T07:30' }, [g1, g2])).toEqual(['FIFO_INVERSION']);
    expect(kinds({ g1: '2025-07-01T08:00', p1: '2025-07-01T07:00', g2: '2025-07-01T08:30' }, [g1, p1, g2])).toEqual([]);
  });

  it('flags penalty, suspension, unknown windows and unknown entries', () => {
    const late = entry('late', 'GENERAL', '2025-07-01T05:00', '2025-07-01T09:00');
    expect(kinds({ late: '2025-07-01T08:00' }, [late])).toEqual(['BEFORE_NOT_BEFORE']);
    expect(kinds({ late: '2025-07-01T10:30' }, [late])).toEqual(['SUSPENDED_WINDOW']);
    expect(kinds({ late: '2025-07-01T10:05' }, [late])).toEqual(['UNKNOWN_WINDOW']);
    expect(kinds({ ghost: '2025-07-01T09:00' }, [late])).toEqual(['UNKNOWN_ENTRY']);
    expect(kinds({}, [late, late])).toEqual(['DUPLICATE_ENTRY']);
  });
});
