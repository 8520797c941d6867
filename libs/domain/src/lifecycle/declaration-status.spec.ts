import fc from 'fast-check';
import {
  DECLARATION_STATUSES,
  OPEN_DECLARATION_STATUSES,
  summariseDeclaration,
  type DeclarationStatus,
} from './declaration-status.js';
import {
  ACTIVE_QUEUE_STATES,
  PRE_QUEUE_STATES,
  TERMINAL_STATES,
  VEHICLE_STATES,
  type VehicleState,
} from './vehicle-states.js';

describe('summariseDeclaration', () => {
  it.each<[VehicleState[], DeclarationStatus]>([
    [[], 'DRAFT'],
    [['DRAFT'], 'DRAFT'],
    [['DRAFT', 'DRAFT'], 'DRAFT'],
    [['SUBMITTED', 'SUBMITTED'], 'SUBMITTED'],
    [['ACCEPTED'], 'ACCEPTED'],
    [['REJECTED', 'REJECTED'], 'REJECTED'],
    [['CANCELLED'], 'CANCELLED'],
    [['REJECTED', 'CANCELLED'], 'REJECTED'],
    // Cancelled vehicles drop out of the picture while others remain.
    [['CANCELLED', 'SUBMITTED'], 'SUBMITTED'],
    [['CANCELLED', 'ACCEPTED'], 'ACCEPTED'],
    // Least advanced pre-queue vehicle wins.
    [['DRAFT', 'SUBMITTED'], 'DRAFT'],
    [['ACCEPTED', 'SUBMITTED'], 'SUBMITTED'],
    // Any vehicle in the yard queue.
    [['CHECKED_IN'], 'IN_QUEUE'],
    [['ACCEPTED', 'CALLED'], 'IN_QUEUE'],
    [['CROSSED', 'HELD'], 'IN_QUEUE'],
    [['AT_GATE', 'DRAFT'], 'IN_QUEUE'],
    [['CLEARED', 'CANCELLED'], 'IN_QUEUE'],
    // One truck crossed, the other was sent back to ACCEPTED by a second no-show.
    [['CROSSED', 'ACCEPTED'], 'ACCEPTED'],
    // All terminal.
    [['CROSSED'], 'COMPLETED'],
    [['TURNED_BACK'], 'COMPLETED'],
    [['CROSSED', 'TURNED_BACK'], 'COMPLETED'],
    [['CROSSED', 'CANCELLED'], 'COMPLETED'],
    [['TURNED_BACK', 'REJECTED'], 'COMPLETED'],
  ])('%j → %s', (states, status) => {
    expect(summariseDeclaration(states)).toBe(status);
  });

  it('classifies every state as exactly one of pre-queue, active queue or terminal', () => {
    expect(PRE_QUEUE_STATES).toEqual(['DRAFT', 'SUBMITTED', 'ACCEPTED']);
    for (const state of VEHICLE_STATES) {
      const groups = [
        (PRE_QUEUE_STATES as readonly string[]).includes(state),
        (ACTIVE_QUEUE_STATES as readonly string[]).includes(state),
        (TERMINAL_STATES as readonly string[]).includes(state),
      ];
      expect(groups.filter(Boolean)).toHaveLength(1);
    }
  });

  it('counts a declaration as open until it is completed, rejected or cancelled', () => {
    expect(OPEN_DECLARATION_STATUSES).toEqual(['DRAFT', 'SUBMITTED', 'ACCEPTED', 'IN_QUEUE']);
    expect(DECLARATION_STATUSES.filter((s) => !(OPEN_DECLARATION_STATUSES as readonly string[]).includes(s))).toEqual([
      'REJECTED',
      'CANCELLED',
      'COMPLETED',
    ]);
  });

  it('follows the documented rule for any mix of vehicles, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VEHICLE_STATES), { minLength: 1, maxLength: 8 }), (states) => {
        const status = summariseDeclaration(states);
        expect(DECLARATION_STATUSES).toContain(status);
        expect(summariseDeclaration([...states].reverse())).toBe(status);
        const active = states.some((s) => (ACTIVE_QUEUE_STATES as readonly string[]).includes(s));
        const allTerminal = states.every((s) => (TERMINAL_STATES as readonly string[]).includes(s));
        expect(status === 'IN_QUEUE').toBe(active);
        if (status === 'COMPLETED')
          expect(allTerminal && states.some((s) => s === 'CROSSED' || s === 'TURNED_BACK')).toBe(true);
        if (allTerminal) expect(['COMPLETED', 'REJECTED', 'CANCELLED']).toContain(status);
        if (!active && !allTerminal) expect(states).toContain(status);
      }),
    );
  });
});
