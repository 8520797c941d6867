/// <reference lib="dom" />
import { Api } from '../shared/api.js';
import type { GateView } from '../shared/declarations.js';
import { h, mount } from '../shared/dom.js';
import { etaTitle, fmtEta, fmtNumber, fmtTime, fmtWindow } from '../shared/format.js';
import { label, onLangChange, t } from '../shared/i18n.js';
import { type BoardEntry, type ConnState, openQueueFeed, type QueueData } from '../shared/live.js';
import { type Direction, DIRECTIONS } from '../../../../libs/domain/src/identifiers/reference-data.js';
import { congestionOf, splitQueue, suspensionNotice } from '../shared/queue-ui.js';
import { createShell } from '../shared/shell.js';

// The public board for the TV in the yard and for drivers' phones: plates, windows, positions, ETA
// ranges and each gate's congestion colour. It reads the masked public queue: no names, documents, firms.

document.documentElement.classList.add('tv');
const params = new URLSearchParams(location.search);
const ROWS = Number(params.get('rows')) || 8;
const api = new Api('board');
const shell = createShell({
  title: 'consoleBoard',
  extra: () => h('span', { class: 'clock', id: 'clock' }, fmtTime(new Date())),
});
const queues = new Map<string, QueueData<BoardEntry>>();
const states = new Map<string, ConnState>();
let gates: GateView[] = [];

function gatePanel(g: GateView): HTMLElement {
  const q = queues.get(g.code) ?? null;
  const entries = q?.entries ?? [];
  const c = congestionOf(entries);
  const { atGate, waiting } = splitQueue(entries, 'ALL');
  // While the gate is suspended nobody is called forward: "proceed to the gate" would send trucks to a closed gate.
  const called = q?.gateState?.suspension ? [] : atGate.filter((e) => e.status === 'CALLED');
  return h(
    'section',
    { class: 'gate-panel', 'data-gate': g.code },
    h(
      'header',
      null,
      h('h2', null, g.name),
      h('span', { class: `cong cong-${c.level}`, 'data-level': c.level }, label('cong', c.level)),
      h(
        'span',
        { class: 'counts' },
        `${fmtNumber(c.total)} ${t('waiting')} · ${label('dir', 'EXPORT')} ${fmtNumber(c.byDirection.EXPORT)} · ${label('dir', 'IMPORT')} ${fmtNumber(c.byDirection.IMPORT)}`,
      ),
    ),
    suspensionNotice(q),
    called.length
      ? h(
          'div',
          { class: 'called' },
          h('span', null, `${t('calledNow')}:`),
          called.map((e) => h('b', { class: 'plate big', 'data-plate': e.plate }, e.plate)),
        )
      : null,
    DIRECTIONS.map((d) =>
      directionTable(
        g.code,
        d,
        waiting.filter((e) => e.direction === d),
      ),
    ),
  );
}

/** One direction of a gate: positions count within a direction, so each has its own list. */
function directionTable(gate: string, d: Direction, waiting: BoardEntry[]): HTMLElement {
  return h(
    'div',
    { class: 'direction' },
    h('h3', null, label('dirLong', d)),
    waiting.length === 0
      ? h('p', { class: 'muted' }, t('queueEmpty'))
      : h(
          'table',
          { class: 'queue board', 'data-testid': `board-${gate}`, 'data-direction': d },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, '#'),
              h('th', null, t('plate')),
              h('th', null, t('window')),
              h('th', null, t('eta')),
            ),
          ),
          h(
            'tbody',
            null,
            waiting
              .slice(0, ROWS)
              .map((e) =>
                h(
                  'tr',
                  { 'data-plate': e.plate },
                  h('td', { class: 'num' }, e.position ?? ''),
                  h(
                    'td',
                    null,
                    h('b', { class: 'plate' }, e.plate),
                    e.priorityClass === 'PRIORITY'
                      ? [' ', h('span', { class: 'pc pc-PRIORITY' }, label('pc', 'PRIORITY'))]
                      : null,
                  ),
                  h('td', { class: 'win' }, fmtWindow(e.window)),
                  h('td', { class: 'eta', title: etaTitle(e.eta) }, fmtEta(e.eta)),
                ),
              ),
          ),
        ),
    waiting.length > ROWS
      ? h('p', { class: 'muted' }, t('moreVehicles', { n: fmtNumber(waiting.length - ROWS) }))
      : null,
  );
}

function render(): void {
  mount(
    shell.main,
    h('div', { class: 'panels' }, gates.map(gatePanel)),
    h('p', { class: 'muted small' }, `${t('eta')}: ${t('localTime')}`),
  );
}

function combinedState(): ConnState {
  const all = [...states.values()];
  if (all.some((s) => s === 'stale')) return 'stale';
  return all.length > 0 && all.every((s) => s === 'live') ? 'live' : 'connecting';
}

async function start(): Promise<void> {
  try {
    gates = await api.request<GateView[]>('GET', '/gates', undefined, { auth: false });
  } catch {
    shell.setConn('stale');
    setTimeout(() => void start(), 5000);
    return;
  }
  const only = params.get('gate');
  if (only) gates = gates.filter((g) => g.code === only);
  for (const g of gates) {
    const feed = openQueueFeed<BoardEntry>({ gate: g.code, view: 'board', api });
    feed.onState((s) => {
      states.set(g.code, s);
      shell.setConn(combinedState());
    });
    feed.onQueue((q) => {
      queues.set(g.code, q);
      render();
    });
  }
  render();
}

setInterval(() => {
  const el = document.getElementById('clock');
  if (el) el.textContent = fmtTime(new Date());
}, 1000);
onLangChange(render);
void start();
