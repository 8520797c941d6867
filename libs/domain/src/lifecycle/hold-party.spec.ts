import { holdPartyOf } from './hold-party.js';

describe('holdPartyOf', () => {
  it('names the agency that held the vehicle, and the gate for anyone else allowed to hold', () => {
    expect(holdPartyOf('CUSTOMS')).toBe('CUSTOMS');
    expect(holdPartyOf('BORDER_GUARD')).toBe('BORDER_GUARD');
    expect(holdPartyOf('ADMIN')).toBe('GATE');
    expect(holdPartyOf(null)).toBeNull();
  });
});
