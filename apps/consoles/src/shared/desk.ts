/// <reference lib="dom" />
import { type Direction, DIRECTIONS } from '../../../../libs/domain/src/identifiers/reference-data.js';
import { plateSearchKey, plateSearchKeys } from '../../../../libs/domain/src/identifiers/plates.js';
import { CALLED_FORWARD_STATES } from '../../../../libs/domain/src/lifecycle/vehicle-states.js';
import { congestionLevel } from '../../../../libs/domain/src/slots/congestion.js';
import { byCodeUnits } from '../../../../libs/live-client/src/changes.js';
import type { Api } from './api.js';
import type { DeclarationPage } from './declarations.js';
import { h, rewriteText } from './dom.js';
import { fmtNumber } from './format.js';
import { label, t } from './i18n.js';
import { type Cell, HoldingBoard, LiveList } from './live-list.js';
import type { AnyEntry, QueueData } from './live.js';
import { actionButton, congestionLevelBadge, suspensionNotice } from './queue-ui.js';

// The gate desk shared by the customs console and the border guard's board: export and import side by side,
// each with its own positions — the trucks called forward, then the waiting ones in a virtualised list with
// no cap — a search that reaches any truck (plate in any spelling, declaration number, firm), keyboard
// shortcuts for the common path, and lists that hold still under the officer's pointer.

export interface DeskAction {
  /** Stable id: a redrawn row gives the focus back to the same action. */
  id: string;
  label: string;
  /** Keyboard shortcut (one lower-case letter) acting on the focused row. */
  key?: string;
  cls?: string;
  run: (b: HTMLButtonElement) => void | Promise<void>;
}

/**
 * The buttons of a row, redrawn only when what they depend on (`key`: state, missing confirmations) changes. A
 * button runs its action for the truck its row shows when it is pressed: a row taken up by another truck keeps
 * its buttons when they are the same.
 */
export function actionsCell<E>(actions: (e: E) => DeskAction[], key: (e: E) => string, cls = 'actions'): Cell<E> {
  return {
    cls,
    key,
    acts: true,
    render: (e, current) =>
      actions(e).map((a) => {
        const b = actionButton(
          a.label,
          (button) =>
            actions(current())
              .find((now) => now.id === a.id)
              ?.run(button),
          a.cls,
        );
        b.dataset.action = a.id;
        if (a.key) {
          b.dataset.key = a.key;
          b.setAttribute('aria-keyshortcuts', a.key.toUpperCase());
          b.title = `${t('keysHelp')}: ${a.key.toUpperCase()}`;
        }
        return b;
      }),
  };
}

interface ListSpec<E> {
  heads?: string[];
  template?: string;
  cells: Cell<E>[];
  /** Fixed row height: a virtualised list. */
  rowHeight?: number;
}

export interface DeskOptions<E extends AnyEntry> {
  api: Api;
  gate: string;
  atGate: ListSpec<E>;
  waiting: ListSpec<E>;
  /** A lane's own button (call next), by direction. */
  laneAction?: (dir: Direction) => DeskAction | null;
  /** The shortcuts of the row actions, for the help line. */
  keys: { key: string; label: string }[];
  /** A screen facing a room: no search, no keyboard, nothing to act on. */
  tv?: boolean;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase().trim();

const DECLARATION_NUMBER = /^TK\s*\d{4}/i;

const CALLED_FORWARD: ReadonlySet<string> = new Set(CALLED_FORWARD_STATES);

export class Desk<E extends AnyEntry & { firmName?: string; declarationId?: string; calledAt?: string | null }> {
  readonly el: HTMLElement;
  private readonly lists = new Map<string, LiveList<E>>();
  private readonly board: HoldingBoard<E>;
  private readonly lanes = new Map<Direction, HTMLElement>();
  /** Each lane's counts and action slot: kept rather than looked up on every change. */
  private readonly laneParts = new Map<Direction, { counts: HTMLElement; action: HTMLElement }>();
  private readonly slots = {
    notice: h('div', { class: 'notice-slot' }),
    congestion: h('span', { class: 'cong-slot' }),
    pending: h('span', { class: 'fixed-text' }),
    found: h('span', { class: 'muted found', 'aria-live': 'polite' }),
  };
  private readonly pendingButton: HTMLButtonElement;
  private readonly search: HTMLInputElement | null = null;
  private query = '';
  private declarationIds: Set<string> | null = null;
  private latest: QueueData<E> | null = null;
  private shownLanes: Direction | 'ALL' = 'ALL';
  private readonly texts = new Map<HTMLElement, string>();
  /** The counts the texts that show one were last made from (see setCount). */
  private readonly countsShown = new Map<HTMLElement, string>();

  constructor(private readonly o: DeskOptions<E>) {
    document.documentElement.classList.add('desk-page');
    this.pendingButton = h(
      'button',
      {
        type: 'button',
        'data-testid': 'apply-changes',
        // Out of sight, not out of the toolbar, while nothing waits: its place is kept, so the first change held
        // lays out the button alone, not the toolbar and the page.
        class: 'pending idle',
        title: t('pendingHint'),
        'aria-keyshortcuts': 'A',
      },
      this.slots.pending,
    );
    this.pendingButton.addEventListener('click', () => this.apply());
    const laneEls = DIRECTIONS.map((dir) => this.lane(dir));
    const region = h('div', { class: 'lanes' }, laneEls);
    this.board = new HoldingBoard(region, this.lists, (n) => {
      if (this.pendingButton.classList.contains('idle') !== (n === 0)) this.pendingButton.classList.toggle('idle');
      this.setCount(this.slots.pending, String(n), () => t('pendingChanges', { n }));
    });
    let toolbar: HTMLElement;
    if (o.tv) {
      toolbar = h('div', { class: 'toolbar' }, this.slots.congestion);
    } else {
      const search = h('input', {
        type: 'search',
        id: 'desk-search',
        'data-testid': 'search',
        placeholder: t('searchHint'),
        autocomplete: 'off',
        spellcheck: 'false',
        'aria-keyshortcuts': '/',
      });
      this.search = search;
      let timer: ReturnType<typeof setTimeout> | null = null;
      search.addEventListener('input', () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void this.setQuery(search.value), 120);
      });
      search.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') {
          search.value = '';
          void this.setQuery('');
        } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
          e.preventDefault();
          if (timer) clearTimeout(timer);
          void this.setQuery(search.value).then(() => this.focusFirst());
        }
      });
      const lanesSelect = h(
        'select',
        { 'aria-label': t('lanesShown'), 'data-testid': 'dir-filter' },
        (['ALL', ...DIRECTIONS] as const).map((d) =>
          h('option', { value: d, selected: d === this.shownLanes }, d === 'ALL' ? t('bothLanes') : label('lane', d)),
        ),
      );
      lanesSelect.addEventListener('change', () => {
        this.shownLanes = lanesSelect.value as Direction | 'ALL';
        for (const [d, el] of this.lanes) el.hidden = this.shownLanes !== 'ALL' && this.shownLanes !== d;
        region.classList.toggle('one-lane', this.shownLanes !== 'ALL');
      });
      toolbar = h(
        'div',
        { class: 'toolbar desk-toolbar' },
        this.slots.congestion,
        h('label', { class: 'search', for: 'desk-search' }, h('span', null, t('search')), search),
        this.slots.found,
        h('span', { class: 'spacer' }),
        this.pendingButton,
        lanesSelect,
      );
      document.addEventListener('keydown', (e) => this.onKey(e));
    }
    this.el = h(
      'div',
      { class: `desk${o.tv ? ' desk-tv' : ''}` },
      this.slots.notice,
      toolbar,
      o.tv ? null : this.help(),
      region,
    );
  }

  private help(): HTMLElement {
    const k = (keys: string, what: string) =>
      h('span', null, ...keys.split(' ').map((x) => h('kbd', null, x)), ` ${what}`);
    return h(
      'p',
      { class: 'keys muted', 'data-testid': 'keys-help' },
      `${t('keysHelp')}: `,
      k('↑ ↓ J K', t('k_move')),
      ' · ',
      k('← → H L', t('k_lane')),
      ...this.o.keys.flatMap(({ key, label: what }) => [' · ', k(key.toUpperCase(), what)]),
      ' · ',
      k('/', t('k_search')),
      ' · ',
      k('A', t('k_apply')),
    );
  }

  private lane(dir: Direction): HTMLElement {
    const mk = (kind: 'atGate' | 'waiting', spec: ListSpec<E>, empty: string) => {
      const list = new LiveList<E>({
        name: `queue-${kind}`,
        label: `${label('lane', dir)} — ${t(kind === 'atGate' ? 'laneCalled' : 'laneWaiting')}`,
        columns: spec.heads ? { heads: spec.heads, template: spec.template ?? '' } : undefined,
        cells: spec.cells,
        rowHeight: spec.rowHeight,
        empty,
        rowAttrs: (e) => ({ 'data-plate': e.plate, 'data-entry': e.id, 'data-status': e.status }),
        // Only the number column shows a position: a truck that only moved up is not redrawn.
        sameRow: sameButPosition,
      });
      this.lists.set(`${kind}-${dir}`, list);
      return list;
    };
    const atGate = mk('atGate', this.o.atGate, t('none'));
    const waiting = mk('waiting', this.o.waiting, t('queueEmpty'));
    // The lane's counts are one text: a call changes both, and each text rewritten is laid out on its own.
    const parts = {
      counts: h('span', { class: 'fixed-text', 'data-testid': 'lane-counts' }),
      action: h('span', { class: 'lane-action' }),
    };
    const el = h(
      'section',
      { class: 'lane', 'data-dir': dir, 'aria-labelledby': `lane-${dir}` },
      h('header', { class: 'lane-head' }, h('h2', { id: `lane-${dir}` }, label('lane', dir)), parts.action),
      // Below the header, not in it: an item of the header's flex row would be laid out with the whole row.
      h('div', { class: 'lane-counts' }, parts.counts),
      h('h3', null, t('laneCalled')),
      atGate.el,
      h('h3', null, t('laneWaiting')),
      waiting.el,
    );
    this.lanes.set(dir, el);
    this.laneParts.set(dir, parts);
    this.drawLaneAction(dir);
    return el;
  }

  /** A new queue from the feed (or the officer's own search): the lists take what changed. */
  update(q: QueueData<E> | null, force = false): void {
    if (q) this.latest = q;
    const entries = this.latest?.entries ?? [];
    const match = this.matcher();
    const counts = { EXPORT: 0, IMPORT: 0 } as Record<Direction, number>;
    // Every entry of the gate passes here on every change: one pass, arrays by direction, no lookups by name.
    const waitingOf = { EXPORT: [], IMPORT: [] } as Record<Direction, E[]>;
    const atGateOf = { EXPORT: [], IMPORT: [] } as Record<Direction, E[]>;
    let found = 0;
    for (const e of entries) {
      const waiting = e.status === 'CHECKED_IN';
      if (waiting) counts[e.direction]++;
      else if (!CALLED_FORWARD.has(e.status)) continue;
      if (match && !match(e)) continue;
      found++;
      (waiting ? waitingOf : atGateOf)[e.direction].push(e);
    }
    const groups = new Map<string, E[]>();
    for (const d of DIRECTIONS) {
      // Called trucks in the order they were called: a status change does not move a row.
      atGateOf[d].sort((a, b) => byCodeUnits(a.calledAt ?? '', b.calledAt ?? '') || byCodeUnits(a.id, b.id));
      groups.set(`atGate-${d}`, atGateOf[d]).set(`waiting-${d}`, waitingOf[d]);
    }
    this.board.update(groups, force);
    // The counts' texts are made again only when the counts change (a call changes them; most changes do not).
    for (const d of DIRECTIONS) {
      const called = groups.get(`atGate-${d}`)!.length;
      const shown = groups.get(`waiting-${d}`)!.length;
      const waiting = match ? `${fmtNumber(shown)}/${fmtNumber(counts[d])}` : null;
      this.setCount(this.laneParts.get(d)!.counts, `${called}|${counts[d]}|${waiting}`, () =>
        t('laneCounts', { called: fmtNumber(called), waiting: waiting ?? fmtNumber(counts[d]) }),
      );
    }
    this.setText(this.slots.found, match ? t('searchFound', { n: fmtNumber(found) }) : '');
    // The level only: each lane's heading gives its count, and a count here would be one more text laid out anew on
    // every call.
    const level = congestionLevel(counts.EXPORT + counts.IMPORT);
    if (this.slots.congestion.dataset.level !== level) {
      this.slots.congestion.dataset.level = level;
      this.slots.congestion.replaceChildren(congestionLevelBadge(level, 'fixed-text'));
    }
    const s = this.latest?.gateState?.suspension;
    const noticeKey = s ? `${s.reason}|${s.until ?? ''}` : '';
    if (this.slots.notice.dataset.key !== noticeKey) {
      this.slots.notice.dataset.key = noticeKey;
      this.slots.notice.replaceChildren(suspensionNotice(this.latest) ?? '');
    }
  }

  /** Applies the changes held while the pointer was over the lists. */
  apply(): void {
    this.board.apply();
  }

  /** A lane's own button (call next). */
  private drawLaneAction(d: Direction): void {
    const action = this.o.tv ? null : this.o.laneAction?.(d);
    this.laneParts.get(d)!.action.replaceChildren(
      ...(action
        ? (actionsCell<null>(
            () => [action],
            () => action.label,
          ).render(null, () => null) as Node[])
        : []),
    );
  }

  /** Writes a text that shows a count, made only when the count (`raw`) changed. */
  private setCount(el: HTMLElement, raw: string, text: () => string): void {
    if (this.countsShown.get(el) === raw) return;
    this.countsShown.set(el, raw);
    this.setText(el, text());
  }

  private setText(el: HTMLElement, text: string): void {
    if (this.texts.get(el) === text) return;
    this.texts.set(el, text);
    // The text node's data, when there is one: the heading is laid out again, not rebuilt.
    const node = el.firstChild;
    if (node instanceof Text && node === el.lastChild) rewriteText(node, text);
    else el.textContent = text;
  }

  private matcher(): ((e: E) => boolean) | null {
    const q = this.query.trim();
    if (!q) return null;
    const keys = plateSearchKeys(q);
    const folded = fold(q);
    const ids = this.declarationIds;
    return (e) => {
      const plate = plateSearchKey(e.plate);
      const trailer = 'trailerPlate' in e && e.trailerPlate ? plateSearchKey(e.trailerPlate) : '';
      return (
        keys.some((k) => plate.includes(k) || (trailer !== '' && trailer.includes(k))) ||
        (e.firmName !== undefined && fold(e.firmName).includes(folded)) ||
        (ids !== null && e.declarationId !== undefined && ids.has(e.declarationId))
      );
    };
  }

  private async setQuery(q: string): Promise<void> {
    this.query = q;
    this.declarationIds = null;
    // A declaration number is the declaration service's: ask it which declaration that is.
    if (DECLARATION_NUMBER.test(q.trim())) {
      try {
        const page = await this.o.api.get<DeclarationPage>(
          `/declarations?gate=${this.o.gate}&number=${encodeURIComponent(q.trim())}&pageSize=5`,
        );
        if (this.query !== q) return;
        this.declarationIds = new Set(page.items.map((d) => d.id));
      } catch {
        /* the plate and firm matches still show */
      }
    }
    this.update(null, true);
  }

  private visibleLists(kind?: 'atGate' | 'waiting'): LiveList<E>[] {
    const out: LiveList<E>[] = [];
    for (const d of DIRECTIONS) {
      if (this.lanes.get(d)!.hidden) continue;
      for (const k of kind ? [kind] : (['atGate', 'waiting'] as const)) out.push(this.lists.get(`${k}-${d}`)!);
    }
    return out;
  }

  private focusFirst(): void {
    const list = this.visibleLists().find((l) => l.size > 0);
    list?.focusAt(0);
  }

  /** Shortcuts: they act on the focused row, and never while the officer types or a dialog is open. */
  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select, dialog, [contenteditable]')) return;
    if (!this.el.isConnected) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const all = this.visibleLists();
    const current = all.find((l) => l.focusedId() !== null) ?? null;
    const id = current?.focusedId() ?? null;
    const at = current && id ? current.indexOf(id) : -1;
    const moveWithin = (by: number | 'home' | 'end') => {
      if (!current) return this.focusFirst();
      // Down from the last called truck goes on to the waiting ones of the lane, and back up.
      const i = by === 'home' ? 0 : by === 'end' ? current.size - 1 : at + by;
      if (i >= current.size || i < 0) {
        const idx = all.indexOf(current);
        const next = by === 1 || by === 'end' ? all[idx + 1] : all[idx - 1];
        const sameLane = next && next.el.closest('.lane') === current.el.closest('.lane');
        if (next && sameLane && next.size) next.focusAt(by === 1 ? 0 : next.size - 1);
        return;
      }
      current.focusAt(i);
    };
    const otherLane = (dir: 1 | -1) => {
      const lane = current?.el.closest<HTMLElement>('.lane');
      const kind = current?.el.dataset.testid === 'queue-atGate' ? 'atGate' : 'waiting';
      const lists = this.visibleLists(kind);
      const idx = lists.findIndex((l) => l.el.closest('.lane') === lane);
      const next = lists[idx + dir];
      if (next && next.size) next.focusAt(Math.min(Math.max(at, next.firstInView()), next.size - 1));
    };
    switch (key) {
      case 'ArrowDown':
      case 'j':
        moveWithin(1);
        break;
      case 'ArrowUp':
      case 'k':
        moveWithin(-1);
        break;
      case 'Home':
        moveWithin('home');
        break;
      case 'End':
        moveWithin('end');
        break;
      case 'ArrowLeft':
      case 'h':
        otherLane(-1);
        break;
      case 'ArrowRight':
      case 'l':
        otherLane(1);
        break;
      case '/':
        this.search?.focus();
        this.search?.select();
        break;
      case 'a':
        this.apply();
        break;
      default: {
        if (key.length !== 1) return;
        const row = current && id ? current.el.querySelector(`[data-entry="${id}"]:not([data-gone])`) : null;
        const lane = current ? current.el.closest('.lane') : null;
        const button =
          row?.querySelector<HTMLButtonElement>(`button[data-key="${key}"]`) ??
          lane?.querySelector<HTMLButtonElement>(`.lane-action button[data-key="${key}"]`);
        if (!button || button.disabled) return;
        button.click();
      }
    }
    e.preventDefault();
  }
}

/** The waiting truck's position: the number column beside the rows (see Cell.gutter). */
export function positionCell<E extends AnyEntry>(): Cell<E> {
  return { cls: 'num', key: (e) => String(e.position ?? ''), render: (e) => String(e.position ?? ''), gutter: true };
}

/** Two versions of an entry that differ at most in position (the shallow copy the live client makes for a move). */
function sameButPosition(a: AnyEntry, b: AnyEntry): boolean {
  if (a === b) return true;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k in x) if (k !== 'position' && x[k] !== y[k]) return false;
  for (const k in y) if (!(k in x)) return false;
  return true;
}

/** Plate (and trailer), firm below: what an officer reads a row by. */
export function plateAndFirmCell<E extends AnyEntry & { trailerPlate?: string | null; firmName?: string }>(): Cell<E> {
  return {
    cls: 'who',
    key: (e) => `${e.plate}|${e.trailerPlate ?? ''}|${e.firmName ?? ''}`,
    render: (e) => [
      h('b', { class: 'plate' }, e.plate),
      e.trailerPlate ? h('small', null, ` + ${e.trailerPlate}`) : null,
      e.firmName ? h('span', { class: 'firm muted' }, e.firmName) : null,
    ],
  };
}
