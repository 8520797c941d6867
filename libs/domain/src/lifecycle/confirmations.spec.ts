import {
  AGENCIES,
  canConfirm,
  isClearable,
  missingConfirmations,
  repeatedConfirmation,
  requiredAgencies,
  type Agency,
} from './confirmations.js';
import { VEHICLE_STATES } from './vehicle-states.js';

describe('confirmations', () => {
  it('lists the agencies', () => {
    expect(AGENCIES).toEqual(['CUSTOMS', 'BORDER_GUARD', 'QUARANTINE']);
  });

  it('requires customs and border guard, plus quarantine when the goods need it', () => {
    expect(requiredAgencies(false)).toEqual(['CUSTOMS', 'BORDER_GUARD']);
    expect(requiredAgencies(true)).toEqual(['CUSTOMS', 'BORDER_GUARD', 'QUARANTINE']);
  });

  it.each<[Agency[], boolean, Agency[]]>([
    [[], false, ['CUSTOMS', 'BORDER_GUARD']],
    [[], true, ['CUSTOMS', 'BORDER_GUARD', 'QUARANTINE']],
    [['CUSTOMS'], false, ['BORDER_GUARD']],
    [['BORDER_GUARD'], true, ['CUSTOMS', 'QUARANTINE']],
    [['QUARANTINE'], false, ['CUSTOMS', 'BORDER_GUARD']],
    [['CUSTOMS', 'BORDER_GUARD'], false, []],
    [['CUSTOMS', 'BORDER_GUARD'], true, ['QUARANTINE']],
    [['QUARANTINE', 'BORDER_GUARD', 'CUSTOMS'], true, []],
    [['CUSTOMS', 'CUSTOMS', 'BORDER_GUARD'], false, []],
  ])('confirmed %j, quarantine %s → missing %j', (confirmed, quarantine, missing) => {
    expect(missingConfirmations(confirmed, quarantine)).toEqual(missing);
    expect(isClearable(confirmed, quarantine)).toBe(missing.length === 0);
  });

  it.each(VEHICLE_STATES)('canConfirm(%s)', (state) => {
    expect(canConfirm(state)).toBe(['CALLED', 'AT_GATE', 'HELD'].includes(state));
  });
});

describe('repeatedConfirmation', () => {
  it('lets an agency confirm once', () => {
    for (const agency of AGENCIES) expect(repeatedConfirmation(agency, undefined)).toBeNull();
  });

  it('refuses a second confirmation, naming the agency, the officer and the time in Vietnam time', () => {
    expect(repeatedConfirmation('CUSTOMS', { officerId: 'officer-7', at: '2026-12-01T01:30:00.000Z' })).toEqual({
      code: 'repeatedConfirmation',
      params: { agency: { code: 'agency_CUSTOMS' }, at: '08:30 01/12/2026', officer: 'officer-7' },
    });
  });
});
