/// <reference lib="dom" />
import type { FairnessLedgerView } from '../../../yard-queue/src/accountability/fairness.dto.js';
import { Api } from '../shared/api.js';
import type { GateView } from '../shared/declarations.js';
import { h, mount } from '../shared/dom.js';
import { fmtDateTime, fmtNumber, fmtTime } from '../shared/format.js';
import { label, onLangChange, t } from '../shared/i18n.js';
import { createShell } from '../shared/shell.js';

// The public fairness ledger of a gate (`/board/fairness/?gate=`): who waits since when and in which place, why the
// order changed each time it did, and how often each firm missed or cancelled its place. No personal data.

const api = new Api('board');
const shell = createShell({ title: 'fairnessTitle', live: false });
const params = new URLSearchParams(location.search);
let gates: GateView[] = [];
let gate = params.get('gate');
let ledger: FairnessLedgerView | null = null;
let failed = false;

const pct = (r: number) => `${fmtNumber(Math.round(r * 1000) / 10)} %`;

function table(caption: string, testid: string, head: string[], rows: (string | number | HTMLElement)[][]) {
  if (!rows.length) return h('p', { class: 'muted' }, t('fairnessNone'));
  return h(
    'div',
    // Scrolls sideways on a phone: reachable by keyboard, and named for a screen reader.
    { class: 'ledger-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      { class: 'queue ledger-table', 'data-testid': testid },
      h('caption', { class: 'ledger-caption' }, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          head.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            null,
            r.map((c) => h('td', null, c)),
          ),
        ),
      ),
    ),
  );
}

function render(): void {
  const tabs = h(
    'div',
    { class: 'tabs', role: 'tablist', 'aria-label': t('gate') },
    gates.map((g) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          'aria-selected': String(g.code === gate),
          tabindex: g.code === gate ? '0' : '-1',
          onclick: () => select(g.code),
        },
        g.name,
      ),
    ),
  );
  const l = ledger;
  mount(
    shell.main,
    h('p', { class: 'lead' }, t('fairnessIntro')),
    tabs,
    failed ? h('p', { class: 'error', role: 'alert' }, t('network')) : null,
    !l
      ? h('p', { class: 'muted' }, t('loading'))
      : [
          h('h2', null, t('fairnessQueue')),
          table(
            t('fairnessQueue'),
            'fairness-queue',
            ['#', t('plate'), t('direction'), t('status'), t('fairnessCheckedIn'), t('window')],
            l.queue.map((q) => [
              q.position ?? '',
              h('b', { class: 'plate' }, q.plate),
              label('dir', q.direction),
              label('st', q.status),
              fmtDateTime(q.checkedInAt),
              q.windowStart ? fmtTime(q.windowStart) : t('none'),
            ]),
          ),
          h('h2', null, t('fairnessChanges', { n: l.changesHours })),
          table(
            t('fairnessChanges', { n: l.changesHours }),
            'fairness-changes',
            [t('fairnessAt'), t('plate'), t('reason'), t('fairnessMove'), '#'],
            l.changes.map((c) => [
              fmtTime(c.at),
              h('b', { class: 'plate' }, c.plate),
              h('span', { 'data-reason': c.reason, title: c.reasonText }, label('reorder', c.reason)),
              `${c.windowBefore ? fmtTime(c.windowBefore) : t('none')} → ${c.windowAfter ? fmtTime(c.windowAfter) : t('none')}`,
              c.position ?? '',
            ]),
          ),
          h('h2', null, t('fairnessFirms', { n: l.periodDays })),
          table(
            t('fairnessFirms', { n: l.periodDays }),
            'fairness-firms',
            [t('fairnessFirm'), t('fairnessStays'), t('fairnessNoShowRate'), t('fairnessCancelRate')],
            l.firms.map((f) => [
              f.firmName,
              fmtNumber(f.stays),
              `${pct(f.noShowRate)} (${fmtNumber(f.noShows)})`,
              `${pct(f.cancellationRate)} (${fmtNumber(f.cancellations)})`,
            ]),
          ),
          h('p', { class: 'muted small' }, h('a', { href: `/api/public/fairness/${l.gate}` }, 'JSON')),
        ],
    h('p', null, h('a', { href: gate ? `/board/?gate=${gate}` : '/board/' }, t('fairnessBack'))),
  );
}

async function select(code: string): Promise<void> {
  gate = code;
  ledger = null;
  history.replaceState(null, '', `?gate=${code}`);
  render();
  try {
    ledger = await api.request<FairnessLedgerView>('GET', `/public/fairness/${code}`, undefined, { auth: false });
    failed = false;
  } catch {
    failed = true;
  }
  render();
}

async function start(): Promise<void> {
  try {
    gates = await api.request<GateView[]>('GET', '/gates', undefined, { auth: false });
  } catch {
    failed = true;
  }
  const first = gates.find((g) => g.code === gate) ?? gates[0];
  if (first) await select(first.code);
  else render();
}

onLangChange(render);
void start();
