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
    expect(checkInRefusal('12C-123.45', 'HUU_NGHI', [])).toContain('chưa được khai báo');
    expect(checkInRefusal('12C-123.45', 'HUU_NGHI', [d('DRAFT')])).toContain('chưa được nộp');
    const waiting = checkInRefusal('12C-123.45', 'HUU_NGHI', [d('SUBMITTED')]);
    expect(waiting).toContain('TK2026-00000042');
    expect(waiting).toContain('đang chờ hải quan chấp nhận');
    expect(checkInRefusal('12C-123.45', 'HUU_NGHI', [d('REJECTED', { reason: 'Thiếu C/O' })])).toContain(
      'từ chối: Thiếu C/O',
    );
    expect(checkInRefusal('12C-123.45', 'HUU_NGHI', [d('CANCELLED')])).toContain('đã bị hủy');
    expect(checkInRefusal('12C-123.45', 'HUU_NGHI', [d('SUBMITTED', { gate: 'TAN_THANH' })])).toContain(
      'khai báo qua cửa khẩu TAN_THANH, không phải HUU_NGHI',
    );
  });

  it('answers every state in words, never with a raw state', () => {
    const messages = VEHICLE_STATES.map((s) => checkInRefusal('12C-123.45', 'HUU_NGHI', [d(s)]));
    for (const m of messages) expect(m).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b|\bCROSSED\b|\bACCEPTED\b/);
    expect(new Set(messages).size).toBe(messages.length);
  });
});
