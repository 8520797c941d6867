import { defaultGateSchedule } from '../slots/index.js';
import { expectedWait } from './expected-wait.js';

// 07:00–19:00 every day, 72 trucks an hour.
const gate = defaultGateSchedule();
const vn = (local: string): Date => new Date(`${local}:00+07:00`);

describe('expectedWait', () => {
  it('at night, 227 trucks wait for the 07:00 opening and then for their turn: about 6 h 20 min at 03:50', () => {
    const w = expectedWait(gate, 227, vn('2026-12-01T03:50'));
    expect(w?.opensAt?.toISOString()).toBe(vn('2026-12-01T07:00').toISOString());
    // 3 h 10 min closed + 227 / 72 h ≈ 3 h 9 min of calls.
    expect(w?.minutes).toBe(190 + Math.round((227 / 72) * 60));
  });

  it('while open: the vehicles ahead at the hourly capacity; an empty queue waits for nothing', () => {
    expect(expectedWait(gate, 36, vn('2026-12-01T09:00'))).toEqual({ minutes: 30, opensAt: null });
    expect(expectedWait(gate, 0, vn('2026-12-01T09:00'))).toEqual({ minutes: 0, opensAt: null });
  });

  it('calls stop at closing time and resume at the next opening', () => {
    // 18:30 with 72 waiting: 30 min today, 30 min tomorrow from 07:00.
    const w = expectedWait(gate, 72, vn('2026-12-01T18:30'));
    expect(w).toEqual({ minutes: 30 + 12 * 60 + 30, opensAt: null });
  });

  it('an empty queue at a closed gate waits for the opening; closed dates are skipped', () => {
    const tet = defaultGateSchedule({ closedDates: ['2026-12-02'] });
    const w = expectedWait(tet, 0, vn('2026-12-01T20:00'));
    expect(w?.opensAt?.toISOString()).toBe(vn('2026-12-03T07:00').toISOString());
    expect(w?.minutes).toBe(35 * 60);
  });

  it('no answer for a gate that never opens or calls nobody; a negative count is a bug', () => {
    const shut = defaultGateSchedule({
      openingHours: { 0: null, 1: null, 2: null, 3: null, 4: null, 5: null, 6: null },
    });
    expect(expectedWait(shut, 3, vn('2026-12-01T09:00'))).toBeNull();
    expect(expectedWait(defaultGateSchedule({ capacityPerHour: 0 }), 3, vn('2026-12-01T09:00'))).toBeNull();
    expect(expectedWait(defaultGateSchedule({ capacityPerHour: 0 }), 0, vn('2026-12-01T09:00'))?.minutes).toBe(0);
    expect(() => expectedWait(gate, -1, vn('2026-12-01T09:00'))).toThrow(RangeError);
  });
});
