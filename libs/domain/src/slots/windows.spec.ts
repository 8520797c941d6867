import { defaultGateSchedule } from './defaults.js';
import { generateWindows, reservedPlaces, windowCapacity } from './windows.js';

const vn = (local: string): Date => new Date(`${local}:00+07:00`);
const hm = (d: Date): string => d.toISOString().slice(11, 16);

describe('generateWindows', () => {
  const schedule = defaultGateSchedule({ capacityPerHour: 25, priorityShare: 0.2 });

  it('tiles each open day from opening, in UTC', () => {
    const ws = generateWindows(schedule, vn('2025-07-01T00:00'), vn('2025-07-03T00:00'));
    expect(ws).toHaveLength(48);
    expect(ws[0].start.toISOString()).toBe('2025-07-01T00:00:00.000Z'); // 07:00 local
    expect(ws[23].end.toISOString()).toBe('2025-07-01T12:00:00.000Z'); // 19:00 local
    expect(ws[24].day).toBe('2025-07-02');
    expect(ws.every((w, i) => i === 0 || w.start >= ws[i - 1].end)).toBe(true);
  });

  it('returns every window intersecting [from, to), whole', () => {
    const ws = generateWindows(schedule, vn('2025-07-01T08:10'), vn('2025-07-01T09:00'));
    expect(ws.map((w) => hm(w.start))).toEqual(['01:00', '01:30']);
    expect(generateWindows(schedule, vn('2025-07-01T19:00'), vn('2025-07-02T07:00'))).toEqual([]);
    expect(generateWindows(schedule, vn('2025-07-02T07:00'), vn('2025-07-01T07:00'))).toEqual([]);
  });

  it('skips closed dates and closed weekdays', () => {
    const s = defaultGateSchedule({ closedDates: ['2025-07-02'] });
    s.openingHours = { ...s.openingHours, 4: null }; // Thursday 2025-07-03
    const days = new Set(generateWindows(s, vn('2025-07-01T00:00'), vn('2025-07-05T00:00')).map((w) => w.day));
    expect([...days]).toEqual(['2025-07-01', '2025-07-04']);
  });

  it('spreads the remainder so each hour sums to the hourly capacity', () => {
    const ws = generateWindows(schedule, vn('2025-07-01T07:00'), vn('2025-07-01T19:00'));
    expect(ws.slice(0, 4).map((w) => w.capacity)).toEqual([13, 12, 13, 12]);
    expect(ws.reduce((n, w) => n + w.capacity, 0)).toBe(25 * 12);
    const q = generateWindows(
      defaultGateSchedule({ capacityPerHour: 25, windowMinutes: 15 }),
      vn('2025-07-01T07:00'),
      vn('2025-07-01T08:00'),
    );
    expect(q.map((w) => w.capacity)).toEqual([7, 6, 6, 6]);
  });

  it('reserves round(capacity × share) places for priority goods', () => {
    const ws = generateWindows(schedule, vn('2025-07-01T07:00'), vn('2025-07-01T08:00'));
    expect(ws.map((w) => [w.capacity, w.reserved])).toEqual([
      [13, 3],
      [12, 2],
    ]);
    expect(reservedPlaces(10, 1)).toBe(10);
    expect(reservedPlaces(10, 0)).toBe(0);
  });

  it('cuts the last window at closing time with a prorated capacity', () => {
    const s = defaultGateSchedule({ capacityPerHour: 60 });
    s.openingHours = { ...s.openingHours, 2: { open: '07:00', close: '08:10' } };
    const ws = generateWindows(s, vn('2025-07-01T00:00'), vn('2025-07-02T00:00'));
    expect(ws.map((w) => [hm(w.start), hm(w.end), w.capacity])).toEqual([
      ['00:00', '00:30', 30],
      ['00:30', '01:00', 30],
      ['01:00', '01:10', 10],
    ]);
  });

  it('handles windows that do not divide an hour', () => {
    const s = defaultGateSchedule({ capacityPerHour: 25, windowMinutes: 45 });
    const ws = generateWindows(s, vn('2025-07-01T07:00'), vn('2025-07-01T19:00'));
    expect(ws.slice(0, 4).map((w) => w.capacity)).toEqual([19, 19, 19, 18]); // 75 per 3 h
    expect(ws).toHaveLength(16);
  });
});

describe('windowCapacity', () => {
  it('never lowers a window when the hourly capacity rises, and keeps hourly sums exact', () => {
    for (const w of [5, 7, 10, 15, 20, 25, 30, 45, 50, 60, 90, 120, 240]) {
      for (let c = 0; c < 80; c++) {
        for (let i = 0; i < 40; i++) {
          expect(windowCapacity(c + 1, w, i, w)).toBeGreaterThanOrEqual(windowCapacity(c, w, i, w));
        }
        if (60 % w === 0) {
          let sum = 0;
          for (let i = 0; i < 60 / w; i++) sum += windowCapacity(c, w, i, w);
          expect(sum).toBe(c);
        }
      }
    }
  });
});
