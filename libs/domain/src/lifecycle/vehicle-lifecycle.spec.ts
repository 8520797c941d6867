import fc from 'fast-check';
import { REFUSAL_CODES } from '../refusal.js';
import { AGENCIES, type Agency, canConfirm, CONFIRMABLE_STATES } from './confirmations.js';
import { VEHICLE_ACTIONS, allowedActions, applyAction, canAmend, type VehicleAction } from './vehicle-lifecycle.js';
import {
  ACTIVE_QUEUE_STATES,
  CALLED_FORWARD_STATES,
  TERMINAL_STATES,
  VEHICLE_STATES,
  type VehicleState,
} from './vehicle-states.js';

// The whole legal table, written out independently of the implementation. Adding or removing any
// transition in vehicle-lifecycle.ts must make this spec fail.
const LEGAL = [
  'DRAFT -submit-> SUBMITTED',
  'SUBMITTED -accept-> ACCEPTED',
  'SUBMITTED -reject-> REJECTED',
  'DRAFT -cancel-> CANCELLED',
  'SUBMITTED -cancel-> CANCELLED',
  'ACCEPTED -cancel-> CANCELLED',
  'CHECKED_IN -cancel-> CANCELLED',
  'DRAFT -amend-> DRAFT',
  'SUBMITTED -amend-> SUBMITTED',
  'ACCEPTED -amend-> ACCEPTED',
  'ACCEPTED -checkIn-> CHECKED_IN',
  'CHECKED_IN -call-> CALLED',
  'CALLED -arrive-> AT_GATE',
  'AT_GATE -hold-> HELD',
  'CLEARED -hold-> HELD',
  'HELD -release-> AT_GATE',
  'AT_GATE -turnBack-> TURNED_BACK',
  'HELD -turnBack-> TURNED_BACK',
  'CALLED -noShow-> CHECKED_IN', // first no-show (previousNoShows = 0)
  'AT_GATE -clear-> CLEARED', // with all confirmations
  'CLEARED -cross-> CROSSED',
];

// Context that passes every guard, so only the table decides.
const PERMISSIVE = { previousNoShows: 0, confirmed: [...AGENCIES], quarantineRequired: true };

describe('transition table', () => {
  const pairs = VEHICLE_STATES.flatMap((state) => VEHICLE_ACTIONS.map((action) => [state, action] as const));

  it('covers 12 states × 14 actions', () => {
    expect(VEHICLE_STATES).toHaveLength(12);
    expect(VEHICLE_ACTIONS).toHaveLength(14);
    expect(pairs).toHaveLength(168);
  });

  it.each(pairs)('%s + %s', (state, action) => {
    const result = applyAction(state, action, PERMISSIVE);
    const legal = LEGAL.find((t) => t.startsWith(`${state} -${action}-> `));
    if (legal) {
      expect(result).toEqual({ ok: true, state: legal.split('-> ')[1] });
    } else {
      expect(result).toEqual({
        ok: false,
        code: 'ILLEGAL_TRANSITION',
        refusal: {
          code: 'transitionRefused',
          params: { action: { code: `action_${action}` }, state: { code: `state_${state}` } },
        },
      });
    }
  });

  it('has exactly the legal transitions listed', () => {
    const actual = pairs
      .map(([state, action]) => [state, action, applyAction(state, action, PERMISSIVE)] as const)
      .filter(([, , r]) => r.ok)
      .map(([state, action, r]) => `${state} -${action}-> ${r.ok ? r.state : ''}`);
    expect(actual.sort()).toEqual([...LEGAL].sort());
  });

  it.each(VEHICLE_STATES)('allowedActions(%s) matches the table', (state) => {
    const expected = VEHICLE_ACTIONS.filter((a) => LEGAL.some((t) => t.startsWith(`${state} -${a}-> `)));
    expect(allowedActions(state)).toEqual(expected);
  });

  it('names the action refused and the current state (the brief’s example: calling a cleared truck)', () => {
    expect(applyAction('CLEARED', 'call')).toEqual({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      refusal: {
        code: 'transitionRefused',
        params: { action: { code: 'action_call' }, state: { code: 'state_CLEARED' } },
      },
    });
  });

  it('leaves terminal states with no way out', () => {
    expect(TERMINAL_STATES).toEqual(['REJECTED', 'CANCELLED', 'TURNED_BACK', 'CROSSED']);
    for (const state of TERMINAL_STATES) expect(allowedActions(state)).toEqual([]);
    for (const state of VEHICLE_STATES.filter((s) => !(TERMINAL_STATES as readonly string[]).includes(s))) {
      expect(allowedActions(state).length).toBeGreaterThan(0);
    }
  });

  it('lists the active queue states', () => {
    expect(ACTIVE_QUEUE_STATES).toEqual(['CHECKED_IN', 'CALLED', 'AT_GATE', 'HELD', 'CLEARED']);
  });

  it('counts as called forward every active state but waiting in the yard', () => {
    expect(CALLED_FORWARD_STATES).toEqual(ACTIVE_QUEUE_STATES.filter((s) => s !== 'CHECKED_IN'));
  });

  it('takes confirmations only from called-forward vehicles not yet cleared', () => {
    expect(CONFIRMABLE_STATES).toEqual(['CALLED', 'AT_GATE', 'HELD']);
    for (const s of VEHICLE_STATES)
      expect(canConfirm(s)).toBe((CALLED_FORWARD_STATES as readonly string[]).includes(s) && s !== 'CLEARED');
  });

  it.each(VEHICLE_STATES)('canAmend(%s) only before check-in', (state) => {
    expect(canAmend(state)).toBe(['DRAFT', 'SUBMITTED', 'ACCEPTED'].includes(state));
  });

  it('has a phrase for every state and action', () => {
    for (const s of VEHICLE_STATES) {
      expect(REFUSAL_CODES).toContain(`state_${s}`);
      expect(REFUSAL_CODES).toContain(`stateLabel_${s}`);
    }
    for (const a of VEHICLE_ACTIONS) expect(REFUSAL_CODES).toContain(`action_${a}`);
  });
});

describe('noShow', () => {
  it.each([
    [0, 'CHECKED_IN'],
    [1, 'ACCEPTED'],
    [2, 'ACCEPTED'],
    [7, 'ACCEPTED'],
  ])('after %i previous no-shows → %s', (previousNoShows, state) => {
    expect(applyAction('CALLED', 'noShow', { previousNoShows })).toEqual({ ok: true, state });
  });

  it('refuses outside CALLED without needing the count', () => {
    expect(applyAction('AT_GATE', 'noShow')).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
  });

  it.each([undefined, -1, 1.5, Number.NaN])('throws on a bad count (%p): a caller bug, not a user error', (count) => {
    expect(() => applyAction('CALLED', 'noShow', { previousNoShows: count })).toThrow(TypeError);
  });
});

describe('clear', () => {
  it.each<[Agency[], boolean, Agency[]]>([
    [[], false, ['CUSTOMS', 'BORDER_GUARD']],
    [['CUSTOMS'], false, ['BORDER_GUARD']],
    [['BORDER_GUARD'], false, ['CUSTOMS']],
    [['QUARANTINE'], false, ['CUSTOMS', 'BORDER_GUARD']],
    [['CUSTOMS', 'BORDER_GUARD'], true, ['QUARANTINE']],
    [['QUARANTINE', 'CUSTOMS'], true, ['BORDER_GUARD']],
    [[], true, ['CUSTOMS', 'BORDER_GUARD', 'QUARANTINE']],
  ])('confirmed %j, quarantine %s → missing %j', (confirmed, quarantineRequired, missing) => {
    const result = applyAction('AT_GATE', 'clear', { confirmed, quarantineRequired });
    expect(result).toMatchObject({ ok: false, code: 'CONFIRMATIONS_MISSING', missing });
    if (!result.ok) {
      expect(result.refusal.code).toBe('confirmationsMissing');
      expect(result.refusal.params?.state).toEqual({ code: 'state_AT_GATE' });
    }
  });

  it('names the missing agencies, as a list', () => {
    const result = applyAction('AT_GATE', 'clear', { confirmed: ['CUSTOMS'], quarantineRequired: true });
    expect(!result.ok && result.refusal).toEqual({
      code: 'confirmationsMissing',
      params: {
        state: { code: 'state_AT_GATE' },
        agencies: {
          code: 'listComma',
          params: { first: { code: 'agency_BORDER_GUARD' }, rest: { code: 'agency_QUARANTINE' } },
        },
      },
    });
  });

  it.each<[Agency[], boolean]>([
    [['CUSTOMS', 'BORDER_GUARD'], false],
    [['BORDER_GUARD', 'CUSTOMS', 'QUARANTINE'], false],
    [['CUSTOMS', 'BORDER_GUARD', 'QUARANTINE'], true],
  ])('clears with %j (quarantine %s)', (confirmed, quarantineRequired) => {
    expect(applyAction('AT_GATE', 'clear', { confirmed, quarantineRequired })).toEqual({ ok: true, state: 'CLEARED' });
  });

  it('does not clear from HELD even when every agency confirmed (release first)', () => {
    expect(applyAction('HELD', 'clear', PERMISSIVE)).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
  });

  it('throws when the caller forgets the confirmations', () => {
    expect(() => applyAction('AT_GATE', 'clear')).toThrow(TypeError);
    expect(() => applyAction('AT_GATE', 'clear', { confirmed: ['CUSTOMS', 'BORDER_GUARD'] })).toThrow(TypeError);
    expect(applyAction('CALLED', 'clear')).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
  });
});

describe('random action sequences', () => {
  // Independent model of the same rules, used to predict each step.
  const model = (
    state: VehicleState,
    action: VehicleAction,
    noShows: number,
    clearable: boolean,
  ): VehicleState | null => {
    const legal = LEGAL.find((t) => t.startsWith(`${state} -${action}-> `));
    if (!legal) return null;
    if (action === 'noShow') return noShows === 0 ? 'CHECKED_IN' : 'ACCEPTED';
    if (action === 'clear' && !clearable) return null;
    return legal.split('-> ')[1] as VehicleState;
  };

  it('only visit legal states, and every refusal names the current state', () => {
    const step = fc.record({
      action: fc.constantFrom(...VEHICLE_ACTIONS),
      confirmed: fc.subarray([...AGENCIES]),
      quarantineRequired: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.constantFrom<VehicleState>('DRAFT', 'DRAFT', ...VEHICLE_STATES),
        fc.array(step, { maxLength: 60 }),
        (start, steps) => {
          let state = start;
          let noShows = 0;
          for (const { action, confirmed, quarantineRequired } of steps) {
            const clearable =
              confirmed.includes('CUSTOMS') &&
              confirmed.includes('BORDER_GUARD') &&
              (!quarantineRequired || confirmed.includes('QUARANTINE'));
            const expected = model(state, action, noShows, clearable);
            const result = applyAction(state, action, { previousNoShows: noShows, confirmed, quarantineRequired });
            if (result.ok) {
              expect(result.state).toBe(expected);
              expect(VEHICLE_STATES).toContain(result.state);
              if (action === 'noShow') noShows++;
              state = result.state;
            } else {
              expect(expected).toBeNull();
              expect(result.refusal.params?.state).toEqual({ code: `state_${state}` });
              expect(result.code).toBe(
                action === 'clear' && state === 'AT_GATE' ? 'CONFIRMATIONS_MISSING' : 'ILLEGAL_TRANSITION',
              );
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
