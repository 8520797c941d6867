import { checkInRefusal, type OtherDeclaration } from './check-in-refusal.js';
import { VEHICLE_STATES } from './vehicle-states.js';

const d = (status: OtherDeclaration['status'], o: Partial<OtherDeclaration> = {}): OtherDeclaration => ({
  declarationNumber: 'TK2026-00000042',
  gate: 'HUU_NGHI',
  status,
  reason: null,
  ...o,
});

describe('checkInRefusal', () => {
  it('tells apart not declared, a draft, waiting for customs, rejected with the reason, cancelled, other gate', () => {
    const plate = '12C-123.45';
    const which = { number: 'TK2026-00000042', plate, elsewhere: '' };
    expect(checkInRefusal(plate, 'HUU_NGHI', [])).toEqual({ code: 'checkInNotDeclared', params: { plate } });
    expect(checkInRefusal(plate, 'HUU_NGHI', [d('DRAFT')])).toEqual({ code: 'checkInDraft', params: which });
    expect(checkInRefusal(plate, 'HUU_NGHI', [d('SUBMITTED')])).toEqual({ code: 'checkInSubmitted', params: which });
    expect(checkInRefusal(plate, 'HUU_NGHI', [d('REJECTED', { reason: 'Thiếu C/O' })])).toEqual({
      code: 'checkInRejected',
      params: { ...which, reason: { code: 'rejectedBecause', params: { reason: 'Thiếu C/O' } } },
    });
    expect(checkInRefusal(plate, 'HUU_NGHI', [d('REJECTED')])).toEqual({
      code: 'checkInRejected',
      params: { ...which, reason: '' },
    });
    expect(checkInRefusal(plate, 'HUU_NGHI', [d('CANCELLED')])).toEqual({ code: 'checkInCancelled', params: which });
    expect(checkInRefusal(plate, 'HUU_NGHI', [d('SUBMITTED', { gate: 'TAN_THANH' })])).toEqual({
      code: 'checkInSubmitted',
      params: {
        ...which,
        elsewhere: { code: 'declaredElsewhere', params: { declared: 'TAN_THANH', gate: 'HUU_NGHI' } },
      },
    });
  });

  it('answers every state in words, never with a raw state', () => {
    const refusals = VEHICLE_STATES.map((s) => checkInRefusal('12C-123.45', 'HUU_NGHI', [d(s)]));
    for (const r of refusals)
      expect(Object.values(r.params ?? {})).not.toContainEqual(expect.stringMatching(/^[A-Z_]+$/));
    const over = refusals.filter((r) => r.code === 'checkInOver');
    expect(over.map((r) => r.params?.state)).toEqual(
      VEHICLE_STATES.filter((s) => !['DRAFT', 'SUBMITTED', 'REJECTED', 'CANCELLED'].includes(s)).map((s) => ({
        code: `stateLabel_${s}`,
      })),
    );
    expect(new Set(refusals.map((r) => JSON.stringify(r))).size).toBe(refusals.length);
  });
});
