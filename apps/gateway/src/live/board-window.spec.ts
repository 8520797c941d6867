import type { BoardEntry } from '#libs/live-client/src/protocol.js';
import { boardWindow, isEmpty, windowChanges } from './board-window.js';

const entry = (id: string, o: Partial<BoardEntry> = {}): BoardEntry => ({
  id,
  plate: `12C-000.${id.padStart(2, '0')}`,
  direction: 'EXPORT',
  priorityClass: 'GENERAL',
  status: 'CHECKED_IN',
  window: { start: '2026-12-01T01:00:00.000Z', end: '2026-12-01T01:30:00.000Z' },
  position: Number(id),
  eta: null,
  ...o,
});
const byId = (...es: BoardEntry[]) => new Map(es.map((e) => [e.id, e]));

describe('boardWindow', () => {
  const all = byId(
    entry('1'),
    entry('2'),
    entry('3'),
    entry('4', { direction: 'IMPORT', position: 1 }),
    entry('5', { direction: 'IMPORT', position: 2 }),
    entry('6', { status: 'CALLED', position: null }),
    entry('7', { status: 'AT_GATE', position: null }),
    entry('8', { status: 'CALLED', position: null, direction: 'IMPORT' }),
  );

  it('keeps the first N waiting of each direction and at most N called forward, the calls first', () => {
    expect([...boardWindow(all, { top: 2, direction: null }).keys()].sort()).toEqual([
      '1',
      '2',
      '4',
      '5',
      '6',
      '7',
      '8',
    ]);
    expect([...boardWindow(all, { top: 1, direction: null }).keys()].sort()).toEqual(['1', '4', '6', '8']);
  });

  it('one lane only', () => {
    expect([...boardWindow(all, { top: 5, direction: 'IMPORT' }).keys()].sort()).toEqual(['4', '5', '8']);
  });
});

describe('windowChanges', () => {
  it('says nothing when the window did not change, whatever happened behind it', () => {
    const w = byId(entry('1'), entry('2'));
    const { changes, held } = windowChanges(w, byId(entry('1'), entry('2')));
    expect(isEmpty(changes)).toBe(true);
    expect(held).toEqual(w);
  });

  it('a call at the head: the called entry changed, the others moved, one came in, none left', () => {
    const eta = { p10: 'a', p50: 'b', p90: 'c' };
    const shown = byId(entry('1', { eta }), entry('2', { eta }), entry('3', { eta }));
    const next = byId(
      entry('1', { status: 'CALLED', position: null }),
      entry('2', { position: 1, eta }),
      entry('3', { position: 2, eta }),
      entry('4', { position: 3 }),
    );
    const { changes, held } = windowChanges(shown, next);
    expect(changes.upserts.map((e) => e.id)).toEqual(['1', '4']);
    expect(changes.positions).toEqual({ 2: 1, 3: 2 });
    expect(changes.removals).toEqual([]);
    // A move keeps the estimate the clients hold.
    expect(held.get('2')).toEqual({ ...entry('2', { eta }), position: 1 });
    expect(held.get('3')).toEqual({ ...entry('3', { eta }), position: 2 });
  });

  it('an estimate that moved by a minute or more is sent with the entry', () => {
    const eta = { p10: '2026-12-01T01:00:00.000Z', p50: '2026-12-01T01:10:00.000Z', p90: '2026-12-01T01:20:00.000Z' };
    const shown = byId(entry('1', { eta }));
    const later = { ...eta, p50: '2026-12-01T01:11:00.000Z' };
    expect(windowChanges(shown, byId(entry('1', { eta: later }))).changes.upserts).toEqual([
      entry('1', { eta: later }),
    ]);
    const seconds = { ...eta, p50: '2026-12-01T01:10:40.000Z' };
    expect(isEmpty(windowChanges(shown, byId(entry('1', { eta: seconds }))).changes)).toBe(true);
  });

  it('entries leaving the window are removals; a new window or plate is an upsert', () => {
    const shown = byId(entry('1'), entry('2'));
    const next = byId(entry('2', { window: null }), entry('3'));
    const { changes } = windowChanges(shown, next);
    expect(changes.removals).toEqual(['1']);
    expect(changes.upserts.map((e) => e.id)).toEqual(['2', '3']);
  });
});
