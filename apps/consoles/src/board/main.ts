/// <reference lib="dom" />
import { expectedWait } from '../../../../libs/domain/src/eta/expected-wait.js';
import { normalisePlateKey } from '../../../../libs/domain/src/identifiers/plates.js';
import { type Direction, DIRECTIONS, isDirection } from '../../../../libs/domain/src/identifiers/reference-data.js';
import { BOARD_TOP } from '../../../../libs/live-client/src/protocol.js';
import { Api } from '../shared/api.js';
import type { GateView } from '../shared/declarations.js';
import { h, mount } from '../shared/dom.js';
import { etaTitle, fmtDateTime, fmtEta, fmtEtaCompact, fmtNumber, fmtTime, fmtWindow } from '../shared/format.js';
import { label, onLangChange, t } from '../shared/i18n.js';
import { type BoardEntry, type BoardFeed, type ConnState, openBoardFeed, type QueueData } from '../shared/live.js';
import { suspensionNotice } from '../shared/queue-ui.js';
import { createShell } from '../shared/shell.js';

// The public board, for drivers' phones and for the TV across the yard. It faces a room: plates, positions,
// windows and estimates only. It follows a window of each gate's queue (the first few per direction and the
// counts), not the whole queue; a driver further back finds their own plate, which the board then follows.
// Two layouts: cards with gate and direction tabs on a phone; on a TV (`?tv=1`, or a wide landscape screen)
// every lane at once, fitted to the screen with no scrolling, its pages turning every few seconds.

const params = new URLSearchParams(location.search);
const TV_MEDIA = '(min-width: 1400px) and (orientation: landscape)';
const tv = params.get('tv') === '1' || (params.get('tv') !== '0' && matchMedia(TV_MEDIA).matches);
document.documentElement.classList.add(tv ? 'board-tv' : 'board-phone');
const onlyGate = params.get('gate');
const dirParam = params.get('dir');
const onlyDir: Direction | null = isDirection(dirParam) ? dirParam : null;
const lanesOf: readonly Direction[] = onlyDir ? [onlyDir] : DIRECTIONS;
/** Seconds a TV page stays (3–60, `?rotate=`). */
const ROTATE_MS = Math.max(3, Math.min(60, Number(params.get('rotate')) || 8)) * 1000;

const api = new Api('board');
let fresh: Date | null = null;
const shell = createShell({
  title: 'consoleBoard',
  chinese: true,
  extra: () => h('span', { class: 'clock', id: 'updated', 'data-testid': 'updated' }, updatedText()),
});

interface GateBoard {
  gate: GateView;
  feed: BoardFeed | null;
  queue: QueueData<BoardEntry> | null;
  state: ConnState;
}
const boards = new Map<string, GateBoard>();

function updatedText(): string {
  return fresh ? t('updatedAt', { time: fmtTime(fresh) }) : '';
}

function suspended(b: GateBoard): boolean {
  return !!b.queue?.gateState?.suspension;
}

function waitingIn(b: GateBoard, d: Direction): BoardEntry[] {
  return (b.queue?.entries ?? [])
    .filter((e) => e.direction === d && e.status === 'CHECKED_IN')
    .sort((x, y) => (x.position ?? 1e9) - (y.position ?? 1e9));
}

/** While the gate is suspended nobody is called forward: "proceed to the gate" would send trucks to a closed gate. */
function calledIn(b: GateBoard, d: Direction | null): BoardEntry[] {
  if (suspended(b)) return [];
  return (b.queue?.entries ?? []).filter((e) => e.status === 'CALLED' && (d === null || e.direction === d));
}

function waitingCount(b: GateBoard, d: Direction): number {
  return b.queue?.congestion?.[d]?.waiting ?? waitingIn(b, d).length;
}

/** `10 giờ`, `2 giờ 30 phút`, `15 phút`: rounded as a person would say it. */
function fmtDuration(minutes: number): string {
  if (minutes < 60) return t('durMin', { n: Math.max(5, Math.round(minutes / 5) * 5) });
  if (minutes < 10 * 60) {
    const half = Math.round(minutes / 30);
    const hours = Math.floor(half / 2);
    return half % 2 ? t('durHourMin', { h: hours, m: 30 }) : t('durHour', { n: hours });
  }
  if (minutes < 48 * 60) return t('durHour', { n: Math.round(minutes / 60) });
  return t('durDay', { n: Math.round(minutes / 1440) });
}

/** `07:00`, or with the date when it is not today. */
function fmtWhen(d: Date): string {
  return fmtDateTime(d).slice(0, 5) === fmtDateTime(new Date()).slice(0, 5) ? fmtTime(d) : fmtDateTime(d);
}

/**
 * The wait in words, from the vehicles waiting and the direction's capacity and opening hours: never "clear"
 * while trucks wait for an opening hours away.
 */
function waitBadge(b: GateBoard, d: Direction): HTMLElement {
  const n = waitingCount(b, d);
  const w = expectedWait(b.gate.directions[d], n, new Date());
  let level: string;
  let text: string;
  if (suspended(b)) [level, text] = ['SUSPENDED', t('waitSuspended')];
  else if (!w) [level, text] = ['UNKNOWN', t('waitUnknown')];
  else if (n === 0)
    [level, text] = w.opensAt ? ['CLOSED', t('waitClosed', { time: fmtWhen(w.opensAt) })] : ['CLEAR', t('waitClear')];
  else {
    level = !w.opensAt && w.minutes < 45 ? 'CLEAR' : w.minutes < 4 * 60 ? 'BUSY' : 'LONG';
    text =
      level === 'CLEAR'
        ? t('waitClearAbout', { d: fmtDuration(w.minutes) })
        : t('waitAbout', { d: fmtDuration(w.minutes) }) +
          (w.opensAt ? ` — ${t('waitOpens', { time: fmtWhen(w.opensAt) })}` : '');
  }
  return h('span', { class: `cong wait-${level}`, 'data-level': level, 'data-direction': d }, text);
}

function etaText(e: BoardEntry): HTMLElement {
  return h('span', { class: 'eta', title: etaTitle(e.eta) }, fmtEta(e.eta));
}

// ——— Phone ———

let phoneGate: string | null = null;
let phoneDir: Direction = onlyDir ?? 'EXPORT';
let query = '';
let found: BoardEntry | null | undefined;
let findError: string | null = null;
const findResult = h('div', { class: 'find-result', 'aria-live': 'polite', 'data-testid': 'find-result' });
const phonePanel = h('div', { class: 'phone-panel' });
const gateTabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('gate') });

function tab(text: string, selected: boolean, attrs: Record<string, string>, onclick: () => void): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      role: 'tab',
      'aria-selected': String(selected),
      tabindex: selected ? '0' : '-1',
      ...attrs,
      onclick,
    },
    text,
  );
}

function selectGate(code: string): void {
  if (code === phoneGate) return;
  const old = phoneGate ? boards.get(phoneGate) : null;
  old?.feed?.close();
  if (old) old.feed = null;
  phoneGate = code;
  found = undefined;
  findError = null;
  follow(boards.get(code)!, { top: BOARD_TOP.default });
  if (query) void find(query);
  renderPhone();
}

function findForm(): HTMLFormElement {
  const input = h('input', {
    id: 'find-plate',
    name: 'plate',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    placeholder: t('boardFindHint'),
  });
  const form = h(
    'form',
    { class: 'find', role: 'search', 'data-testid': 'find-plate' },
    h('label', { for: 'find-plate' }, t('boardFind')),
    h('div', { class: 'row' }, input, h('button', { type: 'submit', class: 'primary' }, t('boardFindGo'))),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void find(input.value.trim());
  });
  return form;
}

async function find(text: string): Promise<void> {
  query = text;
  const b = phoneGate ? boards.get(phoneGate) : null;
  found = undefined;
  findError = null;
  if (!b?.feed) return;
  if (!text) {
    await b.feed.lookup(null);
  } else if (normalisePlateKey(text) === null) {
    findError = t('boardNotPlate', { plate: text, hint: t('boardFindHint') });
    await b.feed.lookup(null);
  } else {
    findError = await b.feed.lookup(text);
  }
  renderFind();
}

function renderFind(): void {
  const b = phoneGate ? boards.get(phoneGate) : null;
  if (!b || !query) return mount(findResult);
  if (findError) return mount(findResult, h('p', { class: 'error' }, findError));
  if (found === undefined) return mount(findResult);
  if (found === null)
    return mount(
      findResult,
      h('p', { class: 'muted', 'data-found': 'none' }, t('boardNotFound', { plate: query, gate: b.gate.name })),
    );
  const e = found;
  const waiting = e.status === 'CHECKED_IN';
  mount(
    findResult,
    h(
      'article',
      { class: 'card mine', 'data-plate': e.plate, 'data-found': e.id },
      h('b', { class: 'plate big' }, e.plate),
      waiting
        ? h(
            'p',
            { class: 'place' },
            t('boardYourPlace', {
              pos: fmtNumber(e.position ?? 0),
              total: fmtNumber(waitingCount(b, e.direction)),
              dir: label('dir', e.direction).toLowerCase(),
            }),
          )
        : h(
            'p',
            { class: 'place' },
            // While the gate is suspended a called truck is not sent forward either.
            suspended(b) ? t('waitSuspended') : e.status === 'CALLED' ? t('calledNow') : label('st', e.status),
          ),
      h(
        'dl',
        null,
        h('dt', null, t('window')),
        h('dd', { class: 'win' }, fmtWindow(e.window)),
        waiting ? [h('dt', null, t('eta')), h('dd', null, etaText(e))] : null,
      ),
    ),
  );
}

function phoneCard(e: BoardEntry): HTMLElement {
  return h(
    'li',
    { class: 'card line', 'data-plate': e.plate },
    h('span', { class: 'num', 'aria-label': t('position') }, e.position ?? ''),
    h('b', { class: 'plate' }, e.plate),
    e.priorityClass === 'PRIORITY' ? h('span', { class: 'pc pc-PRIORITY' }, label('pc', 'PRIORITY')) : null,
    h(
      'span',
      { class: 'times' },
      h('span', { class: 'win' }, `${t('window')} ${fmtWindow(e.window)}`),
      h('span', null, `${t('eta')} `, etaText(e)),
    ),
  );
}

function renderPhone(): void {
  mount(
    gateTabs,
    [...boards.values()].map((b) =>
      tab(b.gate.name, b.gate.code === phoneGate, { 'data-gate-tab': b.gate.code }, () => selectGate(b.gate.code)),
    ),
  );
  const b = phoneGate ? boards.get(phoneGate) : null;
  if (!b) return mount(phonePanel);
  const waiting = waitingIn(b, phoneDir);
  const called = calledIn(b, phoneDir);
  const total = waitingCount(b, phoneDir);
  mount(
    phonePanel,
    h(
      'section',
      { class: 'gate-panel', 'data-gate': b.gate.code },
      suspensionNotice(b.queue),
      onlyDir
        ? null
        : h(
            'div',
            { class: 'tabs', role: 'tablist', 'aria-label': t('boardLanes') },
            DIRECTIONS.map((d) =>
              tab(
                `${label('dir', d)} · ${fmtNumber(waitingCount(b, d))}`,
                d === phoneDir,
                { 'data-dir-tab': d },
                () => {
                  phoneDir = d;
                  renderPhone();
                },
              ),
            ),
          ),
      h(
        'div',
        { class: 'summary' },
        waitBadge(b, phoneDir),
        h('span', { class: 'counts' }, t('boardWaitingN', { n: fmtNumber(total) })),
      ),
      h('a', { class: 'ledger-link', href: `/board/fairness/?gate=${b.gate.code}` }, t('fairnessLink')),
      called.length
        ? h(
            'div',
            { class: 'called' },
            h('span', null, `${t('calledNow')}:`),
            called.map((e) => h('b', { class: 'plate big', 'data-plate': e.plate }, e.plate)),
          )
        : null,
      waiting.length === 0
        ? h('p', { class: 'muted' }, t('queueEmpty'))
        : h(
            'ol',
            { class: 'cards board', 'data-testid': `board-${b.gate.code}`, 'data-direction': phoneDir },
            waiting.map(phoneCard),
          ),
      total > waiting.length
        ? h('p', { class: 'muted more' }, t('boardMore', { n: fmtNumber(total - waiting.length) }))
        : null,
    ),
  );
  renderFind();
}

// ——— TV ———

/** The page each lane shows, by `gate:direction`. */
const pages = new Map<string, number>();

function tvLane(b: GateBoard, d: Direction): HTMLElement {
  const waiting = waitingIn(b, d);
  const called = calledIn(b, d);
  const total = waitingCount(b, d);
  return h(
    'section',
    { class: 'lane', 'data-lane': `${b.gate.code}:${d}`, 'data-direction': d },
    h(
      'header',
      null,
      h('h2', null, `${b.gate.name} · ${label('dir', d)}`),
      h('span', { class: 'counts' }, t('boardWaitingN', { n: fmtNumber(total) })),
      h('div', { class: 'wait' }, waitBadge(b, d), h('span', { class: 'page-no', 'aria-hidden': 'true' })),
    ),
    called.length
      ? h(
          'div',
          { class: 'called' },
          h('span', null, `${t('calledNow')}:`),
          called.slice(0, 3).map((e) => h('b', { class: 'plate big', 'data-plate': e.plate }, e.plate)),
        )
      : null,
    h(
      'div',
      { class: 'lane-body' },
      waiting.length === 0
        ? h('p', { class: 'muted' }, t('queueEmpty'))
        : h(
            'table',
            { class: 'queue board', 'data-testid': `board-${b.gate.code}`, 'data-direction': d },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { class: 'num' }, '#'),
                h('th', null, t('plate')),
                h('th', null, t('window')),
                h('th', null, t('eta')),
              ),
            ),
            h(
              'tbody',
              null,
              waiting.map((e) =>
                h(
                  'tr',
                  { 'data-plate': e.plate },
                  h('td', { class: 'num' }, e.position ?? ''),
                  h('td', null, h('b', { class: 'plate' }, e.plate)),
                  h('td', { class: 'win' }, fmtWindow(e.window)),
                  h('td', { class: 'eta', title: etaTitle(e.eta) }, fmtEtaCompact(e.eta)),
                ),
              ),
            ),
          ),
    ),
  );
}

function renderTv(): void {
  mount(
    shell.main,
    [...boards.values()].map((b) =>
      h(
        'section',
        { class: 'gate-panel', 'data-gate': b.gate.code, style: `--lanes: ${lanesOf.length}` },
        suspensionNotice(b.queue),
        h(
          'div',
          { class: 'lanes' },
          lanesOf.map((d) => tvLane(b, d)),
        ),
      ),
    ),
  );
  paginate();
}

/** Shows each lane's current page: as many rows as its body holds, the others hidden (a TV cannot scroll). */
function paginate(): void {
  for (const lane of shell.main.querySelectorAll<HTMLElement>('section.lane')) {
    const key = lane.dataset.lane!;
    const body = lane.querySelector<HTMLElement>('.lane-body')!;
    const rows = [...lane.querySelectorAll<HTMLTableRowElement>('tbody tr')];
    const no = lane.querySelector<HTMLElement>('.page-no')!;
    if (!rows.length) {
      no.textContent = '';
      continue;
    }
    for (const r of rows) r.hidden = false;
    const head = lane.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const rowHeight = rows[0].getBoundingClientRect().height || 1;
    const perPage = Math.max(1, Math.floor((body.clientHeight - head) / rowHeight));
    const count = Math.ceil(rows.length / perPage);
    const page = (pages.get(key) ?? 0) % count;
    pages.set(key, page);
    rows.forEach((r, i) => (r.hidden = Math.floor(i / perPage) !== page));
    no.textContent = count > 1 ? t('page', { p: page + 1, n: count }) : '';
    lane.dataset.page = String(page + 1);
    lane.dataset.pages = String(count);
  }
}

// ——— Both ———

function render(): void {
  if (tv) renderTv();
  else renderPhone();
}

function combinedState(): ConnState {
  const all = [...boards.values()].filter((b) => b.feed).map((b) => b.state);
  if (all.some((s) => s === 'stale')) return 'stale';
  return all.length > 0 && all.every((s) => s === 'live') ? 'live' : 'connecting';
}

function tick(): void {
  if (combinedState() === 'live') fresh = new Date();
  const el = document.getElementById('updated');
  if (el) el.textContent = updatedText();
}

function follow(b: GateBoard, window: { top: number }): void {
  const feed = openBoardFeed({
    gate: b.gate.code,
    api,
    window: { ...window, ...(onlyDir ? { direction: onlyDir } : {}) },
  });
  b.feed = feed;
  b.queue = null;
  feed.onState((s) => {
    if (b.feed !== feed) return;
    b.state = s;
    shell.setConn(combinedState());
    tick();
  });
  feed.onQueue((q) => {
    if (b.feed !== feed) return;
    b.queue = q;
    tick();
    render();
  });
  feed.onPlate((entry) => {
    if (b.feed !== feed) return;
    found = entry;
    if (entry !== undefined) findError = null;
    renderFind();
  });
}

async function start(): Promise<void> {
  let gates: GateView[];
  try {
    gates = await api.request<GateView[]>('GET', '/gates', undefined, { auth: false });
  } catch {
    shell.setConn('stale');
    setTimeout(() => void start(), 5000);
    return;
  }
  if (onlyGate) gates = gates.filter((g) => g.code === onlyGate);
  for (const g of gates) boards.set(g.code, { gate: g, feed: null, queue: null, state: 'connecting' });
  if (tv) {
    // Each gate's window: enough rows for a few pages, within the socket budget of the board.
    const top = lanesOf.length === 1 ? BOARD_TOP.max : 12;
    for (const b of boards.values()) follow(b, { top });
    setInterval(() => {
      for (const [k, p] of pages) pages.set(k, p + 1);
      paginate();
    }, ROTATE_MS);
    addEventListener('resize', paginate);
    render();
    return;
  }
  mount(
    shell.main,
    gateTabs,
    findForm(),
    findResult,
    phonePanel,
    h('p', { class: 'muted small' }, `${t('eta')}: ${t('localTime')}`),
  );
  const first = gates[0]?.code;
  if (first) selectGate(first);
}

setInterval(tick, 1000);
onLangChange(() => {
  if (!tv) {
    mount(
      shell.main,
      gateTabs,
      findForm(),
      findResult,
      phonePanel,
      h('p', { class: 'muted small' }, `${t('eta')}: ${t('localTime')}`),
    );
  }
  render();
});
void start();
