import { REFUSAL_CODES } from '../refusal.js';
import { ORDER_CHANGE_REASONS, isQueueChangeKind, orderChangePhrase, orderChangeReason } from './order-change.js';
import { liveBookingRefusal, rate } from './live-booking.js';

describe('orderChangeReason', () => {
  const g = (own: boolean, aheadOf = 0) => ({ own, priorityClass: 'GENERAL' as const, aheadOf });
  const p = (own: boolean, aheadOf = 0) => ({ own, priorityClass: 'PRIORITY' as const, aheadOf });

  it('names a newcomer’s place: joined behind, or ahead of others through the priority share', () => {
    expect(orderChangeReason('check-in', g(true, 5))).toBe('CHECK_IN');
    expect(orderChangeReason('check-in', p(true, 0))).toBe('CHECK_IN');
    expect(orderChangeReason('check-in', p(true, 3))).toBe('PRIORITY_SHARE');
    expect(orderChangeReason('check-in', g(false))).toBe('PLACES_FREED');
  });

  it('names the re-slot of a truck that missed its call, and each gate change', () => {
    expect(orderChangeReason('no-show', g(true))).toBe('NO_SHOW_RESLOT');
    expect(orderChangeReason('no-show', g(false))).toBe('PLACES_FREED');
    expect(orderChangeReason('suspend', g(false))).toBe('SUSPENSION');
    expect(orderChangeReason('resume', p(false))).toBe('RESUMPTION');
    expect(orderChangeReason('gate-config', g(false))).toBe('CAPACITY_CHANGE');
    expect(orderChangeReason('reflow', g(false))).toBe('PLACES_FREED');
  });

  it('has a phrase of the catalog for every reason, and knows which changes can move a truck', () => {
    for (const r of ORDER_CHANGE_REASONS) expect(REFUSAL_CODES).toContain(orderChangePhrase(r).code);
    for (const k of ['check-in', 'no-show', 'suspend', 'resume', 'gate-config', 'reflow'])
      expect(isQueueChangeKind(k)).toBe(true);
    for (const k of ['call', 'eta', 'cancel', 'cross']) expect(isQueueChangeKind(k)).toBe(false);
  });
});

describe('liveBookingRefusal', () => {
  it('names the other gate, the truck’s state there, and what to do', () => {
    expect(
      liveBookingRefusal('12C-123.45', 'TAN_THANH', {
        gate: 'HUU_NGHI',
        gateName: 'Cửa khẩu quốc tế Hữu Nghị',
        status: 'CHECKED_IN',
      }),
    ).toEqual({
      code: 'liveBookingElsewhere',
      params: {
        plate: '12C-123.45',
        gateName: 'Cửa khẩu quốc tế Hữu Nghị',
        gate: 'HUU_NGHI',
        state: { code: 'stateLabel_CHECKED_IN' },
        here: 'TAN_THANH',
      },
    });
  });

  it('says so plainly when the live place is at this gate', () => {
    expect(
      liveBookingRefusal('12C-123.45', 'HUU_NGHI', { gate: 'HUU_NGHI', gateName: 'Hữu Nghị', status: 'CALLED' }),
    ).toEqual({ code: 'liveBookingHere', params: { plate: '12C-123.45', state: { code: 'stateLabel_CALLED' } } });
  });
});

describe('rate', () => {
  it('is a share rounded to three decimals, and 0 of nothing', () => {
    expect(rate(1, 3)).toBe(0.333);
    expect(rate(2, 3)).toBe(0.667);
    expect(rate(0, 0)).toBe(0);
    expect(rate(4, 4)).toBe(1);
  });
});
