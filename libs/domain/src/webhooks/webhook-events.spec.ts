import fc from 'fast-check';
import { VEHICLE_STATES, type VehicleState } from '../lifecycle/vehicle-states.js';
import {
  declarationWebhookEvent,
  queueWebhookEvent,
  WEBHOOK_EVENT_LABELS,
  WEBHOOK_EVENT_TYPES,
  webhookRetryDelayMs,
  webhookUrlProblem,
} from './webhook-events.js';

const W1 = { start: '2026-12-01T01:00:00.000Z', end: '2026-12-01T01:30:00.000Z' };
const W2 = { start: '2026-12-01T01:30:00.000Z', end: '2026-12-01T02:00:00.000Z' };
const place = (status: VehicleState, window: typeof W1 | null = null) => ({ status, window });

describe('queueWebhookEvent', () => {
  it.each([
    [place('ACCEPTED'), place('CHECKED_IN', W1), 'vehicle.checked_in'],
    [place('CHECKED_IN', W1), place('CHECKED_IN', W2), 'vehicle.reslotted'],
    [place('CHECKED_IN', null), place('CHECKED_IN', W1), 'vehicle.reslotted'],
    [place('CHECKED_IN', W1), place('CHECKED_IN', { ...W1 }), null],
    [place('CHECKED_IN', W1), place('CALLED', W1), 'vehicle.called'],
    [place('CALLED', W1), place('AT_GATE', W1), 'vehicle.at_gate'],
    [place('AT_GATE', W1), place('HELD', W1), 'vehicle.held'],
    [place('CLEARED', W1), place('HELD', W1), 'vehicle.held'],
    [place('HELD', W1), place('AT_GATE', W1), 'vehicle.released'],
    [place('AT_GATE', W1), place('CLEARED', W1), 'vehicle.cleared'],
    [place('CLEARED', W1), place('CROSSED', W1), 'vehicle.crossed'],
    [place('HELD', W1), place('TURNED_BACK', W1), 'vehicle.turned_back'],
    [place('CALLED', W1), place('CHECKED_IN', W2), 'vehicle.no_show'],
    [place('CALLED', W1), place('ACCEPTED'), 'vehicle.no_show'],
    [place('CHECKED_IN', W1), place('CANCELLED'), 'vehicle.cancelled'],
    [place('AT_GATE', W1), place('AT_GATE', W2), null],
  ] as const)('%j → %j is %s', (before, after, expected) => {
    expect(queueWebhookEvent(before, after)).toBe(expected);
  });

  it('gives no event when nothing but the window of a vehicle outside the yard queue changed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VEHICLE_STATES.filter((s) => s !== 'CHECKED_IN')), (s) => {
        expect(queueWebhookEvent(place(s, W1), place(s, W2))).toBeNull();
      }),
    );
  });
});

it('maps the three declaration decisions a firm hears, and nothing else', () => {
  expect(declarationWebhookEvent('declaration.accepted')).toBe('declaration.accepted');
  expect(declarationWebhookEvent('declaration.rejected')).toBe('declaration.rejected');
  expect(declarationWebhookEvent('declaration.correction_requested')).toBe('declaration.correction_requested');
  for (const t of ['declaration.created', 'declaration.amended', 'queue.changed', 'user.revoked'])
    expect(declarationWebhookEvent(t)).toBeNull();
});

it('labels every event type in Vietnamese and English', () => {
  for (const t of WEBHOOK_EVENT_TYPES)
    expect(WEBHOOK_EVENT_LABELS[t].vi && WEBHOOK_EVENT_LABELS[t].en && WEBHOOK_EVENT_LABELS[t].zh).toBeTruthy();
});

describe('webhookUrlProblem', () => {
  it.each(['https://erp.example.vn/hooks', 'http://127.0.0.1:8080/x', 'http://localhost/x', 'http://[::1]:9/x'])(
    'accepts %s',
    (u) => expect(webhookUrlProblem(u)).toBeNull(),
  );
  it.each([
    ['http://erp.example.vn/hooks', 'webhookUrlHttps'],
    ['ftp://127.0.0.1/x', 'webhookUrlHttps'],
    ['not a url', 'webhookUrlInvalid'],
    ['https://user:pw@erp.example.vn/', 'webhookUrlCredentials'],
    ['http://127.0.0.1.evil.vn/', 'webhookUrlHttps'],
    ['file:///etc/passwd', 'webhookUrlHttps'],
  ])('refuses %s: %s', (u, code) => expect(webhookUrlProblem(u)).toEqual({ code }));
});

describe('webhookRetryDelayMs', () => {
  it('doubles from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => webhookRetryDelayMs(a, 1000, 10_000, 0))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });
  it('never exceeds the cap, never drops below four fifths of the step, for any attempt count and jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (a, j) => {
        const d = webhookRetryDelayMs(a, 500, 60_000, j);
        const step = Math.min(500 * 2 ** Math.min(Math.max(a - 1, 0), 40), 60_000);
        expect(d).toBeLessThanOrEqual(step);
        expect(d).toBeGreaterThanOrEqual(Math.floor(step * 0.8));
      }),
    );
  });
});
