import fc from 'fast-check';
import { parseInstant } from './instant.js';

describe('parseInstant', () => {
  it('reads instants with an offset or Z, to the same moment', () => {
    const at = parseInstant('2026-12-24T08:30:00+07:00');
    expect(at).toEqual({ ok: true, value: new Date('2026-12-24T01:30:00.000Z') });
    expect(parseInstant('2026-12-24T01:30Z')).toEqual(at);
    expect(parseInstant('2026-12-24T09:30:00.000+08:00')).toEqual(at);
    expect(parseInstant('2026-12-23T20:30:00-05:00')).toEqual(at);
  });

  it('refuses a local time or a bare date, showing an accepted example in Vietnam time', () => {
    for (const input of ['2026-12-24T08:30:00', '2026-12-24T08:30', '2026-12-24', '2026-12-24T08:30:00.123']) {
      const r = parseInstant(input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.refusal).toEqual({
          code: 'instantNoOffset',
          params: { value: `"${input}"`, example: '2026-12-24T08:30:00+07:00' },
        });
      }
    }
  });

  it('refuses dates and clocks that do not exist, and anything that is not the ISO form', () => {
    for (const input of [
      '2026-02-30T08:00:00+07:00',
      '2026-12-24T24:00:00+07:00',
      '2026-12-24T08:60:00+07:00',
      '2026-12-24T08:30:61Z',
      '2026-12-24T08:30:00+15:00',
      '2026-12-24 08:30:00+07:00',
      '24/12/2026 08:30',
      '20261224T083000Z',
      '',
      ' 2026-12-24T08:30:00Z',
    ])
      expect(parseInstant(input).ok).toBe(false);
    for (const input of [null, 1766539800000, {}, [], true]) expect(parseInstant(input).ok).toBe(false);
  });

  it('property: every instant written with any whole-minute offset reads back to the same moment', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (d, offsetMin) => {
          const instant = new Date(Math.floor(d.getTime() / 1000) * 1000);
          const local = new Date(instant.getTime() + offsetMin * 60_000).toISOString().slice(0, 19);
          const sign = offsetMin < 0 ? '-' : '+';
          const abs = Math.abs(offsetMin);
          const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseInstant(text)).toEqual({ ok: true, value: instant });
          expect(parseInstant(local).ok).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
