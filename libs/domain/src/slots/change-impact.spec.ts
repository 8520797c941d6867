import { diffSettings, laneImpact } from './change-impact.js';

const at = (hhmm: string) => new Date(`2026-12-02T${hhmm}:00+07:00`);

describe('laneImpact', () => {
  it('counts the vehicles whose window changed, those left without one, and the last window before and after', () => {
    expect(
      laneImpact([
        { before: at('07:00'), after: at('07:00') },
        { before: at('07:00'), after: at('07:30') },
        { before: at('07:30'), after: at('09:30') },
        { before: null, after: null },
        { before: at('08:00'), after: null },
      ]),
    ).toEqual({
      waiting: 5,
      reslotted: 3,
      unslotted: 2,
      lastWindowBefore: at('08:00'),
      lastWindowAfter: at('09:30'),
    });
  });

  it('says nothing moved for an empty lane', () => {
    expect(laneImpact([])).toEqual({
      waiting: 0,
      reslotted: 0,
      unslotted: 0,
      lastWindowBefore: null,
      lastWindowAfter: null,
    });
  });

  it('does not count a vehicle given an equal window (another Date object) as moved', () => {
    expect(laneImpact([{ before: at('07:00'), after: at('07:00') }]).reslotted).toBe(0);
  });
});

describe('diffSettings', () => {
  const gate = {
    autoAccept: false,
    suspension: null as null | { reason: string; until: string | null },
    directions: {
      EXPORT: {
        capacityPerHour: 60,
        closedDates: ['2027-02-05'],
        openingHours: { 1: { open: '07:00', close: '19:00' }, 0: null as null | { open: string; close: string } },
        dailyCaps: {} as Record<string, number>,
      },
    },
  };
  const copy = () => JSON.parse(JSON.stringify(gate)) as typeof gate;

  it('finds nothing between equal snapshots', () => {
    expect(diffSettings(gate, copy())).toEqual([]);
  });

  it('names each changed value by its path, a day of hours and a list of dates whole', () => {
    const after = copy();
    after.directions.EXPORT.capacityPerHour = 40;
    after.directions.EXPORT.closedDates = ['2027-02-05', '2027-02-06'];
    after.directions.EXPORT.openingHours[1] = { open: '08:00', close: '19:00' };
    after.directions.EXPORT.openingHours[0] = { open: '08:00', close: '12:00' };
    after.directions.EXPORT.dailyCaps['2027-02-04'] = 300;
    after.suspension = { reason: 'Tết', until: null };
    expect(diffSettings(gate, after)).toEqual([
      { field: 'directions.EXPORT.capacityPerHour', before: 60, after: 40 },
      { field: 'directions.EXPORT.closedDates', before: ['2027-02-05'], after: ['2027-02-05', '2027-02-06'] },
      { field: 'directions.EXPORT.dailyCaps.2027-02-04', before: null, after: 300 },
      { field: 'directions.EXPORT.openingHours.0', before: null, after: { open: '08:00', close: '12:00' } },
      {
        field: 'directions.EXPORT.openingHours.1',
        before: { open: '07:00', close: '19:00' },
        after: { open: '08:00', close: '19:00' },
      },
      { field: 'suspension', before: null, after: { reason: 'Tết', until: null } },
    ]);
  });

  it('records a per-date cap taken away as a change to null', () => {
    const before = copy();
    before.directions.EXPORT.dailyCaps['2027-02-04'] = 300;
    expect(diffSettings(before, gate)).toEqual([
      { field: 'directions.EXPORT.dailyCaps.2027-02-04', before: 300, after: null },
    ]);
  });
});
