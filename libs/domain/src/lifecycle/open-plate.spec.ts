import fc from 'fast-check';
import { DECLARATION_STATUSES } from './declaration-status.js';
import { firmAttentionRank, holdsPlate, openPlateRefusal } from './open-plate.js';
import { VEHICLE_STATES, type VehicleState } from './vehicle-states.js';

describe('a plate held by an open declaration', () => {
  it('is held from the draft until the truck has crossed, turned back, or the filing ended', () => {
    expect(VEHICLE_STATES.filter(holdsPlate)).toEqual([
      'DRAFT',
      'SUBMITTED',
      'ACCEPTED',
      'CHECKED_IN',
      'CALLED',
      'AT_GATE',
      'HELD',
      'CLEARED',
    ]);
  });

  it('is refused naming the plate, the declaration and its state in words', () => {
    expect(openPlateRefusal({ plate: '12C-123.45', number: 'TK2026-00000012', vehicleStatus: 'DRAFT' })).toEqual({
      code: 'openPlate',
      params: { plate: '12C-123.45', number: 'TK2026-00000012', state: { code: 'stateLabel_DRAFT' } },
    });
  });
});

describe('the order of a firm’s list', () => {
  it('puts an open correction request before everything, and finished declarations last', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DECLARATION_STATUSES),
        fc.array(fc.constantFrom(...VEHICLE_STATES), { maxLength: 4 }),
        (status, vehicleStates) => {
          const asked = firmAttentionRank({ status, openCorrection: true, vehicleStates });
          const plain = firmAttentionRank({ status, openCorrection: false, vehicleStates });
          expect(asked).toBe(0);
          expect(plain).toBeGreaterThan(0);
        },
      ),
    );
    const rank = (status: (typeof DECLARATION_STATUSES)[number], states: VehicleState[] = ['ACCEPTED']) =>
      firmAttentionRank({ status, openCorrection: false, vehicleStates: states });
    expect(rank('IN_QUEUE', ['CALLED'])).toBeLessThan(rank('REJECTED'));
    expect(rank('REJECTED')).toBeLessThan(rank('DRAFT'));
    expect(rank('DRAFT')).toBeLessThan(rank('SUBMITTED'));
    expect(rank('SUBMITTED')).toBeLessThan(rank('COMPLETED'));
    expect(rank('SUBMITTED')).toBeLessThan(rank('CANCELLED'));
  });
});
