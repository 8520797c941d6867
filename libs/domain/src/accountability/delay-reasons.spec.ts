import { REFUSAL_CODES } from '../refusal.js';
import {
  DELAY_REASONS,
  type DelayReason,
  delayReasonPhrase,
  legacyDelayReason,
  toDelayReason,
  toNoShowWaiverRecord,
} from './delay-reasons.js';

// The sentences the attribution recorded before its reasons had codes, each with the code it is read back to.
const RECORDED: [string, DelayReason][] = [
  ['Xe được gọi trong lúc cửa khẩu đang tạm dừng hoạt động.', { code: 'CALLED_DURING_SUSPENSION' }],
  ['Cửa khẩu tạm dừng hoạt động trong phần lớn thời gian xe được gọi.', { code: 'SUSPENDED_AFTER_CALL' }],
  ['Cửa khẩu tạm dừng hoạt động trong phần lớn thời gian chờ.', { code: 'SUSPENDED_MOST_OF_WAIT' }],
  [
    'Khi xe được gọi, Biên phòng đang giữ xe khác tại cổng để kiểm tra, làn vào cổng bị chặn.',
    { code: 'LANE_BLOCKED_BY_HOLD', params: { agency: 'BORDER_GUARD' } },
  ],
  [
    'Xe được gọi khi khu vực cổng đã quá công suất (19 xe đang ở cổng, khung giờ chỉ có 18 chỗ).',
    { code: 'GATE_AREA_FULL', params: { inGateArea: 19, windowCapacity: 18 } },
  ],
  ['Xe không đến cổng sau khi được gọi.', { code: 'NOT_ARRIVED_AFTER_CALL' }],
  ['Xe không được gọi đúng khung giờ đã cấp.', { code: 'CALLED_LATE' }],
  ['Xe chờ xác nhận của Kiểm dịch tại cổng.', { code: 'AWAITING_CONFIRMATION', params: { agency: 'QUARANTINE' } }],
  ['Xe chờ tại cổng để làm thủ tục.', { code: 'AT_GATE_PROCEDURES' }],
  ['Xe bị Hải quan giữ lại để kiểm tra.', { code: 'HELD_BY_AGENCY', params: { agency: 'CUSTOMS' } }],
  ['Xe bị giữ lại tại cổng.', { code: 'HELD_AT_GATE' }],
  ['Xe đã thông quan nhưng chờ lâu mới qua cổng.', { code: 'SLOW_CROSSING' }],
];

describe('delay reasons', () => {
  it('are each a phrase of the catalog, an agency said as a phrase too', () => {
    for (const code of DELAY_REASONS) expect(REFUSAL_CODES).toContain(delayReasonPhrase({ code }).code);
    expect(delayReasonPhrase({ code: 'HELD_BY_AGENCY', params: { agency: 'CUSTOMS' } })).toEqual({
      code: 'delay_HELD_BY_AGENCY',
      params: { agency: { code: 'agency_CUSTOMS' } },
    });
    expect(delayReasonPhrase({ code: 'GATE_AREA_FULL', params: { inGateArea: 5, windowCapacity: 4 } })).toEqual({
      code: 'delay_GATE_AREA_FULL',
      params: { inGateArea: 5, windowCapacity: 4 },
    });
  });

  it.each(RECORDED)('reads the recorded sentence “%s” back to its code', (text, reason) => {
    expect(legacyDelayReason(text)).toEqual(reason);
  });

  it('covers every code the attribution can give with a recorded sentence', () => {
    expect(new Set(RECORDED.map(([, r]) => r.code))).toEqual(new Set(DELAY_REASONS.filter((c) => c !== 'LEGACY')));
  });

  it('reads a waiver’s sentence (the cause after its prefix, in lower case) back to the cause’s code', () => {
    expect(
      legacyDelayReason(
        'Không tính lỗi vắng mặt cho doanh nghiệp: khi xe được gọi, Hải quan đang giữ xe khác tại cổng để kiểm tra, làn vào cổng bị chặn.',
      ),
    ).toEqual({ code: 'LANE_BLOCKED_BY_HOLD', params: { agency: 'CUSTOMS' } });
    expect(
      legacyDelayReason(
        'Không tính lỗi vắng mặt cho doanh nghiệp: xe được gọi trong lúc cửa khẩu đang tạm dừng hoạt động.',
      ),
    ).toEqual({ code: 'CALLED_DURING_SUSPENSION' });
  });

  it('keeps a sentence it does not know as it was, under LEGACY', () => {
    for (const text of ['Xe hỏng giữa đường', 'Xe bị Công an giữ lại để kiểm tra.', ''])
      expect(legacyDelayReason(text)).toEqual({ code: 'LEGACY', params: { text } });
  });

  it('reads a stored reason of either shape, and keeps only the facts it knows', () => {
    expect(toDelayReason({ code: 'HELD_BY_AGENCY', params: { agency: 'CUSTOMS', officer: 'x' } })).toEqual({
      code: 'HELD_BY_AGENCY',
      params: { agency: 'CUSTOMS' },
    });
    expect(toDelayReason({ code: 'CALLED_LATE' })).toEqual({ code: 'CALLED_LATE' });
    expect(toDelayReason('Xe bị giữ lại tại cổng.')).toEqual({ code: 'HELD_AT_GATE' });
    expect(toDelayReason({ code: 'NOPE' })).toEqual({ code: 'LEGACY', params: { text: '{"code":"NOPE"}' } });
  });

  it('reads a stored waiver, the ones recorded with a sentence included', () => {
    const at = '2026-12-01T01:30:00.000Z';
    expect(toNoShowWaiverRecord({ at, reason: { code: 'CALLED_DURING_SUSPENSION' } })).toEqual({
      at,
      reason: { code: 'CALLED_DURING_SUSPENSION' },
    });
    expect(
      toNoShowWaiverRecord({
        at,
        reason: 'Không tính lỗi vắng mặt cho doanh nghiệp: xe được gọi trong lúc cửa khẩu đang tạm dừng hoạt động.',
      }),
    ).toEqual({ at, reason: { code: 'CALLED_DURING_SUSPENSION' } });
    // The words of a view are not part of what is kept.
    expect(toNoShowWaiverRecord({ at, reason: { code: 'CALLED_LATE' }, reasonText: { vi: 'x' } })).toEqual({
      at,
      reason: { code: 'CALLED_LATE' },
    });
    expect(toNoShowWaiverRecord(null)).toBeNull();
    expect(toNoShowWaiverRecord(undefined)).toBeNull();
  });
});
