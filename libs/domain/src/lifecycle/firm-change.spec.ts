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
    const where = (change: 'amend' | 'cancel') => ({
      code: 'firmChangeInYard',
      params: {
        change: { code: `change_${change}` },
        plate: '12C-123.45',
        gate: 'HUU_NGHI',
        state: { code: `state_${s}` },
        since: { code: 'inYardSince', params: { time: '08:30 24/12/2026' } },
        window: { code: 'inYardWindow', params: { time: '10:00 24/12/2026' } },
        instead: { code: `instead_${change}` },
      },
    });
    expect(firmChangeRefusal('cancel', entry(s))).toEqual(where('cancel'));
    expect(firmChangeRefusal('amend', entry(s))).toEqual(where('amend'));
  });

  it('refuses a change after the trip ended', () => {
    for (const s of ['CROSSED', 'TURNED_BACK', 'CANCELLED'])
      expect(firmChangeRefusal('cancel', entry(s))).toEqual({
        code: 'firmChangeOver',
        params: {
          change: { code: 'change_cancel' },
          plate: '12C-123.45',
          gate: 'HUU_NGHI',
          state: { code: `state_${s}` },
        },
      });
  });

  it('fails safe: any status on an entry other than NO_SHOW refuses', () => {
    for (const s of [...VEHICLE_STATES, 'SOMETHING_NEW'])
      expect(firmChangeRefusal('amend', entry(s))).toMatchObject({
        params: {
          change: { code: 'change_amend' },
          plate: '12C-123.45',
          state: s === 'SOMETHING_NEW' ? s : { code: `state_${s}` },
        },
      });
  });
});
