import { defaultGateSchedule } from './defaults.js';
import { isValidLocalDate, localDay, parseHhMm, weekdayOf } from './local-time.js';
import { openIntervals, validateSchedule, type GateSchedule } from './schedule.js';

const fields = (s: GateSchedule): string[] => validateSchedule(s).map((p) => p.field);

describe('validateSchedule', () => {
  it('accepts the default schedule', () => {
    expect(validateSchedule(defaultGateSchedule())).toEqual([]);
  });

  it.each<[string, Partial<GateSchedule>, string, string]>([
    ['negative capacity', { capacityPerHour: -1 }, 'capacityPerHour', 'scheduleCapacity'],
    ['fractional capacity', { capacityPerHour: 2.5 }, 'capacityPerHour', 'scheduleCapacity'],
    ['zero window', { windowMinutes: 0 }, 'windowMinutes', 'scheduleWindowMinutes'],
    ['too short a window', { windowMinutes: 4 }, 'windowMinutes', 'scheduleWindowMinutes'],
    ['a window over 240 min', { windowMinutes: 241 }, 'windowMinutes', 'scheduleWindowMinutes'],
    ['a window over 24 h', { windowMinutes: 1500 }, 'windowMinutes', 'scheduleWindowMinutes'],
    ['share above 1', { priorityShare: 1.2 }, 'priorityShare', 'schedulePriorityShare'],
    ['negative share', { priorityShare: -0.1 }, 'priorityShare', 'schedulePriorityShare'],
    ['NaN share', { priorityShare: Number.NaN }, 'priorityShare', 'schedulePriorityShare'],
    ['negative daily cap', { dailyCap: -5 }, 'dailyCap', 'scheduleDailyCap'],
    ['negative release lead', { releaseLeadMinutes: -1 }, 'releaseLeadMinutes', 'scheduleReleaseLead'],
    ['odd offset', { utcOffsetMinutes: 2000 }, 'utcOffsetMinutes', 'scheduleUtcOffset'],
    ['impossible date', { closedDates: ['2025-01-01', '2025-02-30'] }, 'closedDates.1', 'scheduleClosedDate'],
    ['badly written date', { closedDates: ['1/1/2025'] }, 'closedDates.0', 'scheduleClosedDate'],
  ])('reports %s', (_, override, field, code) => {
    const problems = validateSchedule(defaultGateSchedule(override));
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].refusal.code).toBe(code);
  });

  it('names the window bounds it allows', () => {
    expect(validateSchedule(defaultGateSchedule({ windowMinutes: 1 }))[0].refusal).toEqual({
      code: 'scheduleWindowMinutes',
      params: { min: 5, max: 240 },
    });
  });

  it('checks every weekday of the opening hours', () => {
    const s = defaultGateSchedule();
    s.openingHours = {
      ...s.openingHours,
      1: { open: '7:00', close: '19:00' },
      2: { open: '19:00', close: '07:00' },
      3: { open: '08:00', close: '08:00' },
      4: { open: '08:00', close: '25:00' },
      5: null,
      6: { open: '00:00', close: '24:00' },
    };
    expect(fields(s)).toEqual([
      'openingHours.1.open',
      'openingHours.2.close',
      'openingHours.3.close',
      'openingHours.4.close',
    ]);
    delete (s.openingHours as Partial<GateSchedule['openingHours']>)[0];
    expect(fields(s)).toContain('openingHours.0');
  });

  it('accepts a null daily cap and rejects a missing structure without throwing', () => {
    expect(validateSchedule(defaultGateSchedule({ dailyCap: null }))).toEqual([]);
    expect(validateSchedule({} as GateSchedule).length).toBeGreaterThan(5);
  });
});

describe('local time helpers', () => {
  it('reads the local day at UTC+7', () => {
    expect(localDay(new Date('2025-07-01T16:59:59Z'), 420)).toBe('2025-07-01');
    expect(localDay(new Date('2025-07-01T17:00:00Z'), 420)).toBe('2025-07-02');
  });

  it('parses times and dates strictly', () => {
    expect(parseHhMm('07:30')).toBe(450);
    expect(parseHhMm('24:00')).toBeNull();
    expect(parseHhMm('24:00', { allowEndOfDay: true })).toBe(1440);
    expect(parseHhMm('7:30')).toBeNull();
    expect(isValidLocalDate('2024-02-29')).toBe(true);
    expect(isValidLocalDate('2025-02-29')).toBe(false);
    expect(weekdayOf('2025-07-01')).toBe(2);
  });

  it('lists open intervals clipped to the range', () => {
    const s = defaultGateSchedule({ closedDates: ['2025-07-02'] });
    const spans = openIntervals(s, new Date('2025-07-01T10:00:00+07:00'), new Date('2025-07-03T08:00:00+07:00'));
    expect(spans.map((x) => [x.start.toISOString(), x.end.toISOString()])).toEqual([
      ['2025-07-01T03:00:00.000Z', '2025-07-01T12:00:00.000Z'],
      ['2025-07-03T00:00:00.000Z', '2025-07-03T01:00:00.000Z'],
    ]);
  });
});
