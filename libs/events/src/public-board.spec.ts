import { PUBLIC_BOARD_FIELDS } from '#libs/testing/src/index.js';
import { toBoardEntry, toPublicListing } from './public-board.js';
import type { QueueEntryView, QueueListing } from './queue-listing.dto.js';

/** An officer's entry with every field filled, so anything the mask lets through shows up. */
const full: QueueEntryView = {
  id: 'e1',
  vehicleId: 'v1',
  declarationId: 'd1',
  firmId: 'f1',
  firmName: 'Công ty TNHH Vận tải Lạng Sơn',
  gate: 'HUU_NGHI',
  direction: 'EXPORT',
  plate: '12C-123.45',
  trailerPlate: '12R-001.23',
  nationality: 'VN',
  containerNumber: 'MSCU1234565',
  sealNumber: 'SEAL1',
  driver: { name: 'Nông Văn Thắng', document: { type: 'CCCD', number: '020198765432' }, phone: '+84987654321' },
  priorityClass: 'GENERAL',
  goodsCategories: ['GENERAL'],
  status: 'CHECKED_IN',
  vehicleStatus: 'CHECKED_IN',
  window: { start: '2026-12-01T01:00:00.000Z', end: '2026-12-01T01:30:00.000Z' },
  position: 1,
  checkedInAt: '2026-12-01T00:40:00.000Z',
  notBefore: '2026-12-01T00:45:00.000Z',
  noShowCount: 1,
  noShowWaiver: {
    at: '2026-12-01T00:52:00.000Z',
    reason: { code: 'HELD_BY_AGENCY', params: { agency: 'CUSTOMS' } },
    reasonText: {
      vi: 'Xe bị Hải quan giữ lại để kiểm tra.',
      zh: '车辆被海关扣留检查。',
      en: 'The truck was held by Customs for inspection.',
    },
  },
  calledAt: '2026-12-01T00:50:00.000Z',
  callDeadline: '2026-12-01T01:20:00.000Z',
  callUnreached: false,
  heldBy: null,
  arrivedAt: '2026-12-01T00:55:00.000Z',
  clearedAt: '2026-12-01T00:58:00.000Z',
  closedAt: '2026-12-01T00:59:00.000Z',
  quarantineRequired: true,
  confirmations: { CUSTOMS: { officerId: 'o1', at: '2026-12-01T00:56:00.000Z', note: 'ok' } },
  missingConfirmations: ['BORDER_GUARD', 'QUARANTINE'],
  eta: { p10: '2026-12-01T01:00:00.000Z', p50: '2026-12-01T01:10:00.000Z', p90: '2026-12-01T01:20:00.000Z' },
};

describe('public board projection', () => {
  it('lets through exactly the reviewed fields, and nothing personal', () => {
    const entry = toBoardEntry(full);
    expect(Object.keys(entry).sort()).toEqual([...PUBLIC_BOARD_FIELDS].sort());
    const text = JSON.stringify(entry);
    for (const secret of ['Nông Văn Thắng', '020198765432', '+84987654321', 'Lạng Sơn', 'f1', 'd1', 'v1'])
      expect(text).not.toContain(secret);
  });

  it('masks every entry of a listing and keeps the gate, version, state and congestion', () => {
    const listing: QueueListing = {
      gate: 'HUU_NGHI',
      version: 7,
      gateState: { code: 'HUU_NGHI', name: 'Hữu Nghị', version: 7, callReachMinutes: null, suspension: null },
      congestion: { EXPORT: { waiting: 1, level: 'GREEN' }, IMPORT: { waiting: 0, level: 'GREEN' } },
      entries: [full, { ...full, id: 'e2', position: 2 }],
    };
    const pub = toPublicListing(listing);
    expect(Object.keys(pub).sort()).toEqual(['congestion', 'entries', 'gate', 'gateState', 'version']);
    for (const e of pub.entries) expect(Object.keys(e).sort()).toEqual([...PUBLIC_BOARD_FIELDS].sort());
  });
});
