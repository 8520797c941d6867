import { firmChangeRefusal, type LatestEntry } from './firm-change.js';
import { ACTIVE_QUEUE_STATES, VEHICLE_STATES } from './vehicle-states.js';

const entry = (status: string): LatestEntry => ({
  plate: '12C-123.45',
  gate: 'HUU_NGHI',
  status,
  checkedInAt: new Date('2026-12-24T01:30:00Z'),
  windowStart: new Date('2026-12-24T03:00:00Z'),
});

describe('firmChangeRefusal', () => {
  it('lets a change through when the yard has no entry, or the last one was a second no-show', () => {
    for (const change of ['amend', 'cancel'] as const) {
      expect(firmChangeRefusal(change, null)).toBeNull();
      expect(firmChangeRefusal(change, entry('NO_SHOW'))).toBeNull();
    }
  });

  it.each(ACTIVE_QUEUE_STATES)('refuses both changes while the truck is in the yard (%s), in Vietnam time', (s) => {
    const cancel = firmChangeRefusal('cancel', entry(s))!;
    expect(cancel).toContain(
      'Không thể hủy tờ khai: xe 12C-123.45 đã vào bãi chờ cửa khẩu HUU_NGHI lúc 08:30 24/12/2026',
    );
    expect(cancel).toContain('khung giờ 10:00 24/12/2026');
    expect(cancel).toContain(s);
    expect(cancel).toContain('hủy lượt xếp hàng');
    expect(firmChangeRefusal('amend', entry(s))).toContain('Dữ liệu xe đã khóa khi vào bãi');
  });

  it('refuses a change after the trip ended', () => {
    for (const s of ['CROSSED', 'TURNED_BACK', 'CANCELLED'])
      expect(firmChangeRefusal('cancel', entry(s))).toContain('đã kết thúc lượt qua cửa khẩu');
  });

  it('fails safe: any status on an entry other than NO_SHOW refuses', () => {
    for (const s of [...VEHICLE_STATES, 'SOMETHING_NEW'])
      expect(firmChangeRefusal('amend', entry(s))).toMatch(/^Không thể sửa tờ khai: xe 12C-123.45/);
  });
});
