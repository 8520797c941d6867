import fc from 'fast-check';
import { LANGUAGES } from '../language/language.js';
import {
  driverMessage,
  entryNotices,
  firmMessage,
  gateNotice,
  NOTICE_KINDS,
  parseRetryAfter,
  retryDelayMs,
  vietnamTime,
} from './notices.js';

const waiting = (windowStart: string) => ({ status: 'CHECKED_IN', windowStart, calledAt: null, callDeadline: null });

describe('entryNotices', () => {
  it('a call once, with its deadline', () => {
    const called = { status: 'CALLED', windowStart: null, calledAt: '2026-12-02T03:10:00Z', callDeadline: 'x' };
    expect(entryNotices(waiting('2026-12-02T03:00:00Z'), called)).toEqual(['called']);
    expect(entryNotices(called, called)).toEqual([]);
  });

  it('a slot moved by more than 30 minutes, not by 30 or less', () => {
    expect(entryNotices(waiting('2026-12-02T03:00:00Z'), waiting('2026-12-02T03:31:00Z'))).toEqual(['reslotted']);
    expect(entryNotices(waiting('2026-12-02T03:00:00Z'), waiting('2026-12-02T02:29:00Z'))).toEqual(['reslotted']);
    expect(entryNotices(waiting('2026-12-02T03:00:00Z'), waiting('2026-12-02T03:30:00Z'))).toEqual([]);
    expect(entryNotices(null, waiting('2026-12-02T03:30:00Z'))).toEqual([]);
  });

  it('a hold and its release', () => {
    const at = (status: string) => ({ status, windowStart: null, calledAt: 'c', callDeadline: null });
    expect(entryNotices(at('AT_GATE'), at('HELD'))).toEqual(['held']);
    expect(entryNotices(at('HELD'), at('AT_GATE'))).toEqual(['released']);
    expect(entryNotices(at('HELD'), at('TURNED_BACK'))).toEqual([]);
  });
});

it('gateNotice: suspension and resumption only when it changes', () => {
  expect(gateNotice(false, true)).toBe('suspended');
  expect(gateNotice(true, false)).toBe('resumed');
  expect(gateNotice(true, true)).toBeNull();
  expect(gateNotice(false, false)).toBeNull();
});

it('vietnamTime is UTC+7', () => {
  expect(vietnamTime('2026-12-02T03:40:00Z')).toBe('10:40');
  expect(vietnamTime('2026-12-02T17:05:00Z')).toBe('00:05');
});

it('every message in every language names the plate, and the call its deadline in Vietnam time', () => {
  const facts = {
    plate: '桂F12345',
    link: 'https://x.vn/t/CKS1.a.b',
    deadline: '2026-12-02T03:40:00Z',
    windowStart: '2026-12-02T03:40:00Z',
  };
  for (const lang of LANGUAGES)
    for (const kind of NOTICE_KINDS) expect(driverMessage(kind, lang, facts)).toContain(facts.plate);
  expect(driverMessage('called', 'vi', facts)).toContain('Hạn đến cổng 10:40');
  expect(driverMessage('called', 'zh', facts)).toContain('10:40');
  expect(driverMessage('called', 'zh', facts)).toContain(facts.link);
  expect(firmMessage('call_unreached', facts).subject).toContain('chưa liên lạc được');
});

describe('retries', () => {
  it('doubles from the base, honours Retry-After, is capped', () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a, 100))).toEqual([100, 200, 400]);
    expect(retryDelayMs(5, 100, 2000)).toBe(2000);
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), (a) => retryDelayMs(a, 1000) <= 3600_000));
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(5000).toUTCString(), 1000)).toBe(4000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(undefined, 0)).toBeNull();
  });
});
