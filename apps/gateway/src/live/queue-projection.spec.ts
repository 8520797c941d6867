import fc from 'fast-check';
import { type Direction, DIRECTIONS } from '#libs/domain/src/index.js';
import type { QueueEntryView } from '#libs/events/src/index.js';
import { projectChange, type StoredEntry } from './queue-projection.js';

/** A queue entry reduced to what orders it: the yard numbers waiting entries by (window, check-in, sequence). */
interface Model {
  id: string;
  firmId: string;
  direction: Direction;
  waiting: boolean;
  window: number;
  seq: number;
}

/** Positions as the yard computes them: 1..n per direction among the waiting, in order. */
function positions(models: Model[]): Map<string, number | null> {
  const out = new Map<string, number | null>(models.map((m) => [m.id, null]));
  for (const d of DIRECTIONS) {
    models
      .filter((m) => m.waiting && m.direction === d)
      .sort((a, b) => a.window - b.window || a.seq - b.seq)
      .forEach((m, i) => out.set(m.id, i + 1));
  }
  return out;
}

function view(m: Model, position: number | null, status = m.waiting ? 'CHECKED_IN' : 'CALLED'): QueueEntryView {
  return { id: m.id, firmId: m.firmId, direction: m.direction, status, position } as QueueEntryView;
}

const modelArb = (i: number) =>
  fc
    .record({
      firm: fc.integer({ min: 0, max: 3 }),
      export: fc.boolean(),
      waiting: fc.boolean(),
      window: fc.integer({ min: 0, max: 5 }),
    })
    .map((r): Model => ({
      id: `e${i}`,
      firmId: `f${r.firm}`,
      direction: r.export ? 'EXPORT' : 'IMPORT',
      waiting: r.waiting,
      window: r.window,
      seq: i,
    }));

describe('projectChange', () => {
  it('places every untouched entry where the yard would, whatever a change does to the others', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => modelArb(i)))),
        fc.array(
          fc.record({
            pick: fc.nat(),
            action: fc.constantFrom('call', 'reslot', 'leave', 'requeue'),
            window: fc.integer({ min: 0, max: 5 }),
          }),
          { maxLength: 8 },
        ),
        fc.integer({ min: 0, max: 4 }),
        (before: Model[], actions, added) => {
          const old = positions(before);
          const stored: StoredEntry[] = before.map((m) => ({
            id: m.id,
            firmId: m.firmId,
            direction: m.direction,
            position: old.get(m.id)!,
          }));
          const after = new Map(before.map((m) => [m.id, { ...m }]));
          const touched = new Set<string>();
          const left = new Set<string>();
          for (const a of actions) {
            if (before.length === 0) break;
            const m = after.get(before[a.pick % before.length].id)!;
            touched.add(m.id);
            if (a.action === 'call') m.waiting = false;
            if (a.action === 'reslot') m.window = a.window;
            if (a.action === 'requeue') Object.assign(m, { waiting: true, window: a.window });
            if (a.action === 'leave') left.add(m.id);
          }
          for (let i = 0; i < added; i++) {
            const id = `n${i}`;
            after.set(id, {
              id,
              firmId: 'f9',
              direction: i % 2 ? 'IMPORT' : 'EXPORT',
              waiting: true,
              window: i,
              seq: 1000 + i,
            });
            touched.add(id);
          }
          const listed = [...after.values()].filter((m) => !left.has(m.id));
          const expected = positions(listed);
          const report = [...touched].map((id) =>
            left.has(id) ? view(after.get(id)!, null, 'CROSSED') : view(after.get(id)!, expected.get(id)!),
          );
          const p = projectChange(stored, report);
          expect(p.ok).toBe(true);
          if (!p.ok) return;
          const got = new Map(stored.filter((s) => !touched.has(s.id)).map((s) => [s.id, s.position]));
          for (const m of p.changes.moved) got.set(m.id, m.position);
          for (const u of p.changes.upserts) got.set(u.id, u.position);
          expect(Object.fromEntries(got)).toEqual(Object.fromEntries(listed.map((m) => [m.id, expected.get(m.id)])));
          expect(p.changes.removed.map((r) => r.id).sort()).toEqual([...left].sort());
          // Only entries whose place changed are reported as moved.
          for (const m of p.changes.moved) expect(old.get(m.id)).not.toBe(m.position);
          expect(p.waiting.EXPORT + p.waiting.IMPORT).toBe([...expected.values()].filter((x) => x !== null).length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a report that does not fit the copy (it drifted): the caller takes a snapshot', () => {
    const stored: StoredEntry[] = [
      { id: 'a', firmId: 'f', direction: 'EXPORT', position: 1 },
      { id: 'b', firmId: 'f', direction: 'EXPORT', position: 2 },
    ];
    expect(
      projectChange(stored, [view({ id: 'c', firmId: 'f', direction: 'EXPORT', waiting: true, window: 0, seq: 3 }, 5)])
        .ok,
    ).toBe(false);
    expect(
      projectChange(stored, [view({ id: 'c', firmId: 'f', direction: 'EXPORT', waiting: true, window: 0, seq: 3 }, 3)]),
    ).toMatchObject({ ok: true, waiting: { EXPORT: 3, IMPORT: 0 } });
  });
});
