import type { QueueEntryView } from '#libs/events/src/index.js';
import { applyEntryChange, type EntryState } from './entry-transitions.js';
import { Tally } from './tally.js';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 3, minute));

/** The fields the projection reads of an entry; the rest of the view does not matter here. */
function entry(o: Partial<QueueEntryView>): QueueEntryView {
  return {
    id: 'e1',
    gate: 'HUU_NGHI',
    direction: 'IMPORT',
    goodsCategories: ['GENERAL'],
    status: 'CHECKED_IN',
    checkedInAt: at(0).toISOString(),
    calledAt: null,
    arrivedAt: null,
    closedAt: null,
    confirmations: {},
    noShowCount: 0,
    noShowWaiver: null,
    ...o,
  } as QueueEntryView;
}

const waiver = (minute: number) =>
  ({
    at: at(minute).toISOString(),
    reason: { code: 'CALLED_DURING_SUSPENSION', params: {} },
  }) as QueueEntryView['noShowWaiver'];

/** NO_SHOW counted over a sequence of the entry's changes, all lanes of category '*'. */
function noShowsOver(changes: QueueEntryView[]): number {
  const tally = new Tally();
  let state: EntryState | null = null;
  changes.forEach((e, i) => (state = applyEntryChange(state, e, at(i + 1), tally)));
  return [...tally.counts.values()]
    .filter((r) => r.metric === 'NO_SHOW' && r.category === '*')
    .reduce((n, r) => n + r.n, 0);
}

describe('no-shows in the statistics', () => {
  const called = entry({ status: 'CALLED', calledAt: at(1).toISOString() });

  it('counts a no-show the firm answers for once, by the entry’s count', () => {
    const sanctioned = entry({ noShowCount: 1 });
    expect(noShowsOver([entry({}), called, sanctioned, sanctioned])).toBe(1);
  });

  it('counts a waived no-show too, though the entry’s count stays as it was, and only once per waiver', () => {
    const waived = entry({ noShowWaiver: waiver(2) });
    expect(noShowsOver([entry({}), called, waived, waived, { ...called, noShowWaiver: waiver(2) }])).toBe(1);
  });

  it('counts a second waiver of the same stay, and a sanctioned one after it', () => {
    const first = entry({ noShowWaiver: waiver(2) });
    const calledAgain = { ...called, noShowWaiver: waiver(2) };
    const second = entry({ noShowWaiver: waiver(5) });
    const sanctioned = entry({ noShowWaiver: waiver(5), noShowCount: 1 });
    expect(noShowsOver([entry({}), called, first, calledAgain, second, { ...called, ...second }, sanctioned])).toBe(3);
  });

  it('does not count a waiver the view no longer carries as a new one', () => {
    expect(noShowsOver([entry({}), called, entry({ noShowWaiver: waiver(2) }), entry({ noShowWaiver: null })])).toBe(1);
  });
});
