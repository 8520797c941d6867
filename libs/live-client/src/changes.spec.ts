import fc from 'fast-check';
import { applyChanges, emptyChanges, mergeChanges } from './changes.js';
import type { BoardEntry, LiveChanges } from './protocol.js';

const ids = ['a', 'b', 'c', 'd', 'e'];
const entry = (id: string, status: string, position: number | null): BoardEntry => ({
  id,
  plate: `29C-${id}`,
  direction: 'EXPORT',
  priorityClass: 'GENERAL',
  status,
  window: null,
  position,
  eta: null,
});

/** One version's changes over a small set of ids (an id in at most one part, as the gateway sends them). */
const changesArb: fc.Arbitrary<LiveChanges<BoardEntry>> = fc
  .array(
    fc.tuple(
      fc.constantFrom(...ids),
      fc.constantFrom('upsert', 'remove', 'move'),
      fc.constantFrom('CHECKED_IN', 'CALLED'),
      fc.integer({ min: 1, max: 9 }),
    ),
    { maxLength: 5 },
  )
  .map((ops) => {
    const c = emptyChanges<BoardEntry>();
    const seen = new Set<string>();
    for (const [id, op, status, p] of ops) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (op === 'upsert') c.upserts.push(entry(id, status, p));
      else if (op === 'remove') c.removals.push(id);
      else c.positions[id] = p;
    }
    return c;
  });

const state = (m: Map<string, BoardEntry>) =>
  Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));

describe('mergeChanges', () => {
  it('gives, applied once, what the versions give applied one by one — from the first state or any state in between', () => {
    fc.assert(
      fc.property(fc.array(changesArb, { minLength: 1, maxLength: 6 }), fc.nat(), (versions, cut) => {
        const start = new Map(ids.slice(0, 3).map((id, i) => [id, entry(id, 'CHECKED_IN', i + 1)]));
        const states = [new Map(start)];
        const stepwise = new Map(start);
        for (const c of versions) {
          applyChanges(stepwise, c);
          states.push(new Map(stepwise));
        }
        const merged = versions.reduce((acc, c) => mergeChanges(acc, c), emptyChanges<BoardEntry>());
        const from = new Map(states[cut % states.length]);
        applyChanges(from, merged);
        expect(state(from)).toEqual(state(stepwise));
        const parts = [...merged.upserts.map((e) => e.id), ...merged.removals, ...Object.keys(merged.positions)];
        expect(new Set(parts).size).toBe(parts.length);
      }),
      { numRuns: 500 },
    );
  });
});
