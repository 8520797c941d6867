/// <reference lib="dom" />
import { h, patchTexts, rewriteText } from './dom.js';

// Keyed lists that a live queue updates in place. A change touches only the rows of the entries it carries
// (a row is redrawn cell by cell, only where what the cell shows changed), so focus, open dialogs and the
// officer's place survive. Long lists are virtualised: only the rows in view (and the focused one) are in
// the page, so a change costs the same at 30 or 3,000 trucks. While the officer's pointer is over the lists
// or a dialog is open, rows keep their places: what would add, remove or move a row waits, counted, until
// the pointer leaves (or the officer applies it); the content of the rows in place is still kept current.

type Child = Node | string | null | undefined | false | Child[];

export interface Cell<E> {
  cls?: string;
  /** What the cell shows depends on: it is redrawn only when this changes. */
  key: (e: E) => string;
  /**
   * The cell's content for an entry. `current` gives the entry the row shows when it is called (a row is taken
   * up by other entries as the list moves): what acts later (a button's click) must ask it, not keep `e`.
   */
  render: (e: E, current: () => E) => Child;
  /** The cell's tooltip (set on the cell itself, with its content). */
  title?: (e: E) => string;
  /**
   * A virtual table's number column (a position): the rows in view show it as one text beside them, not one text
   * per row, and each row's cell carries it as its accessible name. A call renumbers every waiting truck; this
   * way it rewrites one text, and after the head of the list leaves, none (the numbers stay where they are).
   * `render` must return a string.
   */
  gutter?: boolean;
  /**
   * Its content acts on the entry (buttons): compared anew, whatever its key, when a row is taken up by another
   * entry, so that a button still busy with the last entry's action is not left to the new one.
   */
  acts?: boolean;
}

export interface ListOptions<E> {
  /** data-testid, and the name the board knows the list by. */
  name: string;
  label: string;
  /** Table lists: one header per cell, and the CSS grid columns. Card lists have neither. */
  columns?: { heads: string[]; template: string };
  cells: Cell<E>[];
  rowAttrs: (e: E) => Record<string, string>;
  /** Fixed row height (px) of a table list: what makes it virtual. */
  rowHeight?: number;
  empty: string;
  /**
   * Two versions of an entry that show the same in every cell but the number column (the gutter): the row is
   * not redrawn. Without it, any new version of an entry has its cells' keys compared.
   */
  sameRow?: (a: E, b: E) => boolean;
}

interface Row<E> {
  el: HTMLElement;
  cells: HTMLElement[];
  keys: string[];
  /** The row's attributes as last written (compared here rather than read back from the page). */
  attrs: Record<string, string>;
  /** Per cell, the text node of a cell that shows text only (rewritten in place), else null. */
  texts: (Text | null)[];
  entry: E;
  /** The entry the row shows now (see Cell.render). */
  current: () => E;
  index: number;
  /** A virtual row's place in the rows' box (its index plus the list's shift), as last written. */
  slot: number;
  /** As last written: shown as a row that left, and the row's tabindex. */
  gone: boolean;
  tabindex: string;
}

const OVERSCAN = 3;

export class LiveList<E extends { id: string }> {
  readonly el: HTMLElement;
  /** Rows added, removed or moved that wait for the pointer to leave. */
  pending = 0;
  private readonly scroller: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly spacer: HTMLElement | null;
  /** The number column of a virtual table (see Cell.gutter): its box, its text's box, its text, and what it shows. */
  private readonly gutter: {
    el: HTMLElement;
    lines: HTMLElement;
    text: Text;
    cell: Cell<E>;
    /** The cell's index among the row's cells. */
    at: number;
    shown: string;
    first: number;
    rows: number;
  } | null;
  private readonly emptyNote: HTMLElement;
  private readonly table: HTMLElement;
  private order: string[] = [];
  /** The entries last given to `set`, as given (null: none yet). */
  private last: E[] | null = null;
  private data = new Map<string, E>();
  private readonly gone = new Set<string>();
  private readonly rows = new Map<string, Row<E>>();
  private active: string | null = null;
  private scrollTop = 0;
  private viewport = typeof window === 'undefined' ? 800 : window.innerHeight;
  /** The scroller's largest height (its CSS max-height, in px), read once it is in the page and on a resize. */
  private cap = NaN;
  /**
   * Rows are placed in the rows' box at (index + shift) rows, and the box is moved up by `shift` rows: when the
   * head of the list leaves, the box moves by one row and the rows stay where they are in it (one transform
   * written, not one per row in view).
   */
  private shift = 0;

  constructor(private readonly o: ListOptions<E>) {
    const table = Boolean(o.columns);
    this.canvas = h('div', { class: 'll-canvas' });
    // A virtual list's scroll range is a spacer's height, not the rows' box: the rows are placed in a box whose
    // size never changes, so a row more or less does not lay the other rows out again.
    this.spacer = o.rowHeight !== undefined ? h('div', { class: 'll-spacer' }) : null;
    const gutterAt = table && o.rowHeight !== undefined ? o.cells.findIndex((c) => c.gutter) : -1;
    if (gutterAt >= 0) {
      const text = document.createTextNode('');
      // The text in a box of its own inside the column: a grid item is laid out by its grid.
      const lines = h('div', { class: 'll-gutter-lines' }, text);
      const column = h('div', { class: o.cells[gutterAt].cls ?? '', style: `grid-column:${gutterAt + 1}` }, lines);
      const el = h('div', { class: 'll-gutter', 'aria-hidden': 'true' }, column);
      this.gutter = { el, lines, text, cell: o.cells[gutterAt], at: gutterAt, shown: '', first: -1, rows: -1 };
    } else this.gutter = null;
    this.scroller = h(
      'div',
      { class: 'll-scroll', ...(table ? { role: 'rowgroup' } : {}) },
      this.spacer,
      this.canvas,
      this.gutter?.el,
    );
    this.emptyNote = h('p', { class: 'muted ll-empty' }, o.empty);
    this.table = h(
      'div',
      {
        class: 'll-body',
        'aria-label': o.label,
        role: table ? 'table' : 'list',
      },
      o.columns
        ? h(
            'div',
            { role: 'rowgroup', class: 'll-head' },
            h(
              'div',
              { role: 'row', class: 'll-row', 'aria-rowindex': 1 },
              o.columns.heads.map((c) => h('span', { role: 'columnheader' }, c)),
            ),
          )
        : null,
      this.scroller,
    );
    // An empty list is a sentence, not a table without rows.
    this.el = h(
      'div',
      {
        class: `ll ${table ? 'll-table' : 'll-cards'}${o.rowHeight !== undefined ? ' ll-virtual' : ''}`,
        'data-testid': o.name,
        style: o.columns ? `--cols:${o.columns.template};--row:${o.rowHeight ?? 48}px` : undefined,
      },
      this.table,
      this.emptyNote,
    );
    this.scroller.addEventListener(
      'scroll',
      () => {
        this.scrollTop = this.scroller.scrollTop;
        this.paint();
      },
      { passive: true },
    );
    if (typeof window !== 'undefined') window.addEventListener('resize', () => (this.cap = NaN));
    if (typeof ResizeObserver !== 'undefined' && this.virtual)
      new ResizeObserver(([r]) => {
        this.viewport = r.contentRect.height || this.viewport;
        this.paint();
      }).observe(this.scroller);
    // The focused row is the one Tab comes back to (one tab stop per list).
    this.el.addEventListener('focusin', (e) => {
      const id = (e.target as HTMLElement).closest<HTMLElement>('[data-entry]')?.dataset.entry;
      if (id && id !== this.active) {
        this.active = id;
        this.tabStops();
      }
    });
    // A row that left the list while the pointer held it in place only shows what it was: no action on it.
    this.el.addEventListener(
      'click',
      (e) => {
        if ((e.target as HTMLElement).closest('[data-gone] button')) {
          e.preventDefault();
          e.stopImmediatePropagation();
        }
      },
      true,
    );
  }

  private get virtual(): boolean {
    return this.o.rowHeight !== undefined;
  }

  get size(): number {
    return this.order.length;
  }

  /** The ids in the order shown. */
  ids(): readonly string[] {
    return this.order;
  }

  /**
   * New entries for the list, in order. Held: rows stay where they are (content still updated; rows that
   * left stay, dimmed, and new ones wait); otherwise the list takes the new order at once.
   */
  set(items: E[], held: boolean): void {
    // The same entries in the same order (a change elsewhere at the gate): nothing to redraw, nothing new to
    // hold, unless held changes wait to be applied now.
    if ((held || this.pending === 0) && this.sameAsLast(items)) return;
    this.last = items;
    const data = new Map<string, E>();
    for (const e of items) data.set(e.id, e);
    // An empty list has no row under anyone's pointer: it fills at once.
    if (!held || this.order.length === 0) {
      const anchor = this.anchor();
      const focused = this.focusedId();
      const was = focused ? this.order.indexOf(focused) : -1;
      this.order = items.map((e) => e.id);
      this.gone.clear();
      this.pending = 0;
      this.data = data;
      if (anchor) this.restore(anchor);
      // The focused truck left the list: the focus goes to the one that took its place, not to the page.
      if (focused && !data.has(focused) && this.order.length) {
        this.focusAt(Math.min(was, this.order.length - 1));
        return;
      }
    } else {
      // The entries shown until now are the keys of `data` (the rows that left included).
      const before = this.data;
      // A row that left keeps its last content; one that comes back is no longer gone.
      for (const id of this.order) {
        if (data.has(id)) {
          if (this.gone.size) this.gone.delete(id);
        } else {
          this.gone.add(id);
          data.set(id, before.get(id)!);
        }
      }
      this.data = data;
      this.pending = this.gone.size + this.addedOrMoved(items, before);
    }
    this.paint();
  }

  private sameAsLast(items: E[]): boolean {
    const last = this.last;
    if (!last || last.length !== items.length) return false;
    for (let i = 0; i < items.length; i++) if (items[i] !== last[i]) return false;
    return true;
  }

  /**
   * Entries new to the list, and survivors whose rank among survivors is not the one shown (a reorder, not a
   * shift): one walk of the survivors as shown and as given, side by side (a call comes once a second and moves
   * every waiting truck: no map of the list made for it, no second pass).
   */
  private addedOrMoved(items: E[], before: Map<string, E>): number {
    let i = 0;
    let n = 0;
    for (const e of items) {
      if (!before.has(e.id)) {
        n++;
        continue;
      }
      while (i < this.order.length && this.gone.has(this.order[i])) i++;
      if (this.order[i] !== e.id) n++;
      i++;
    }
    return n;
  }

  /** The row of this list that holds the focus, if any. */
  focusedId(): string | null {
    const a = document.activeElement;
    if (!a || !this.el.contains(a)) return null;
    return a.closest<HTMLElement>('[data-entry]')?.dataset.entry ?? null;
  }

  /** Moves the focus `by` rows (or to an index), scrolling the row into view. */
  focusAt(index: number): boolean {
    if (!this.order.length) return false;
    const i = Math.max(0, Math.min(this.order.length - 1, index));
    const id = this.order[i];
    if (this.virtual) {
      const H = this.o.rowHeight!;
      if (i * H < this.scrollTop) this.scrollTo(i * H);
      else if ((i + 1) * H > this.scrollTop + this.viewport) this.scrollTo((i + 1) * H - this.viewport);
    }
    this.active = id;
    this.paint();
    this.rows.get(id)?.el.focus();
    return true;
  }

  indexOf(id: string): number {
    return this.order.indexOf(id);
  }

  /** Index of the first row in view (where a keyboard user coming from another list lands). */
  firstInView(): number {
    return this.virtual ? Math.min(this.order.length - 1, Math.ceil(this.scrollTop / this.o.rowHeight!)) : 0;
  }

  private scrollTo(top: number): void {
    this.scroller.scrollTop = top;
    this.scrollTop = this.scroller.scrollTop;
  }

  /** The row that should not move on screen when the order changes: the focused one, else the first in view. */
  private anchor(): { id: string; offset: number } | null {
    if (!this.virtual || this.scrollTop <= 0) return null;
    const H = this.o.rowHeight!;
    const focused = this.focusedId();
    const fi = focused ? this.rows.get(focused)?.index : undefined;
    const inView = fi !== undefined && fi * H >= this.scrollTop && fi * H < this.scrollTop + this.viewport;
    const index = inView ? fi : Math.ceil(this.scrollTop / H);
    const id = this.order[index];
    return id ? { id, offset: index * H - this.scrollTop } : null;
  }

  private restore(a: { id: string; offset: number }): void {
    const i = this.order.indexOf(a.id);
    if (i < 0) return;
    const H = this.o.rowHeight!;
    setHeight(this.spacer!, this.order.length * H);
    this.scrollTo(Math.max(0, i * H - a.offset));
  }

  private range(): [number, number] {
    const n = this.order.length;
    if (!this.virtual) return [0, n - 1];
    const H = this.o.rowHeight!;
    const first = Math.max(0, Math.floor(this.scrollTop / H) - OVERSCAN);
    const last = Math.min(n - 1, Math.ceil((this.scrollTop + this.viewport) / H) + OVERSCAN);
    return [first, last];
  }

  /** Puts the rows in view in the page, each at its place, updating only what changed. */
  private paint(): void {
    const n = this.order.length;
    // Only what differs is written: every write is style and layout work for the browser.
    if (this.emptyNote.hidden !== n > 0) this.emptyNote.hidden = n > 0;
    if (this.table.hidden !== (n === 0)) this.table.hidden = n === 0;
    if (this.o.columns) setAttr(this.table, 'aria-rowcount', String(n + 1));
    const [first, last] = this.range();
    const focused = this.focusedId();
    const want = new Set<string>();
    for (let i = first; i <= last; i++) want.add(this.order[i]);
    if (focused && this.data.has(focused)) want.add(focused);
    // Rows that leave the view are taken up by the entries that come into it (a call: the head leaves, a row
    // comes in at the foot), which then redraw only what differs; the ones left over leave the page.
    const spare: Row<E>[] = [];
    const active = document.activeElement;
    for (const [id, row] of this.rows) {
      if (!want.has(id) || !this.data.has(id)) {
        this.rows.delete(id);
        if (active && row.el.contains(active)) row.el.remove();
        else spare.push(row);
      }
    }
    if (this.virtual) {
      setHeight(this.spacer!, n * this.o.rowHeight!);
      // The scroller's height is written, not left to its content: a box of a given size laid out on its own
      // (containment), so a row more or less lays out the list, not the lane and the page, once it scrolls.
      if (Number.isNaN(this.cap) && this.scroller.isConnected)
        this.cap = parseFloat(getComputedStyle(this.scroller).maxHeight) || Infinity;
      setHeight(this.scroller, Math.min(n * this.o.rowHeight!, this.cap));
      // The shift that keeps the first row in view that is already placed where it is in the rows' box.
      for (let i = first; i <= last; i++) {
        const slot = this.rows.get(this.order[i])?.slot;
        if (slot === undefined || Number.isNaN(slot)) continue;
        if (slot - i !== this.shift) {
          this.shift = slot - i;
          this.canvas.style.transform = `translateY(${-this.shift * this.o.rowHeight!}px)`;
        }
        break;
      }
    }
    let prev: HTMLElement | null = null;
    const place = (i: number) => {
      const id = this.order[i];
      const e = this.data.get(id)!;
      let row = this.rows.get(id);
      if (!row) {
        const free = spare.pop();
        if (free) this.update((row = free), e, 'reused');
        else row = this.create(e);
        this.rows.set(id, row);
      } else if (row.entry !== e) this.update(row, e);
      const gone = this.gone.has(id);
      if (row.gone !== gone) this.markGone(row, (row.gone = gone));
      if (row.index !== i) {
        row.index = i;
        if (this.o.columns) setAttr(row.el, 'aria-rowindex', String(i + 2));
      }
      if (this.virtual && row.slot !== i + this.shift) {
        row.slot = i + this.shift;
        row.el.style.transform = `translateY(${row.slot * this.o.rowHeight!}px)`;
      }
      // Card lists follow the page's flow: keep the DOM order (moving a node only when it is out of place).
      if (!this.virtual) {
        const next: ChildNode | null = prev ? prev.nextSibling : this.canvas.firstChild;
        if (next !== row.el) this.canvas.insertBefore(row.el, next);
        prev = row.el;
      } else if (!row.el.parentNode) this.canvas.appendChild(row.el);
    };
    for (let i = first; i <= last; i++) place(i);
    if (focused && this.rows.has(focused)) {
      const i = this.rows.get(focused)!.index;
      if (i < first || i > last) place(this.order.indexOf(focused));
    }
    for (const row of spare) row.el.remove();
    if (this.gutter) this.paintGutter(first, last);
    this.tabStops();
  }

  /** The number column beside the rows in view: one line a row, none for a row that left. */
  private paintGutter(first: number, last: number): void {
    const g = this.gutter!;
    const H = this.o.rowHeight!;
    const rows = Math.max(0, last - first + 1);
    if (g.first !== first) g.el.style.transform = `translateY(${(g.first = first) * H}px)`;
    if (g.rows !== rows) {
      setHeight(g.el, (g.rows = rows) * H);
      setHeight(g.lines, rows * H);
    }
    let shown = '';
    for (let i = first; i <= last; i++) {
      const id = this.order[i];
      if (i > first) shown += '\n';
      const e = this.data.get(id)!;
      if (!this.gone.has(id)) shown += g.cell.render(e, () => e) as string;
    }
    if (g.shown !== shown) rewriteText(g.text, (g.shown = shown));
  }

  /**
   * A row that left is covered by its veil rather than restyled: a new class on the row would restyle and lay out
   * all of it again (every text in it shaped anew) on the call that takes its truck away. The veil is in the row
   * from the start, laid out and out of sight; the row's attribute shows it (the one style that depends on it), so
   * that one box is restyled and nothing is laid out. The code also reads it: no action on such a row.
   */
  private markGone(row: Row<E>, gone: boolean): void {
    row.el.toggleAttribute('data-gone', gone);
  }

  private tabStops(): void {
    const stop = this.active && this.rows.has(this.active) ? this.active : this.rows.keys().next().value;
    for (const [id, row] of this.rows) {
      const v = id === stop ? '0' : '-1';
      if (row.tabindex !== v) row.el.setAttribute('tabindex', (row.tabindex = v));
    }
  }

  private create(e: E): Row<E> {
    const table = Boolean(this.o.columns);
    const cells = this.o.cells.map((c) => h('div', { class: c.cls ?? '', ...(table ? { role: 'cell' } : {}) }));
    const el = h(
      table ? 'div' : 'article',
      { class: table ? 'll-row' : 'card vehicle', role: table ? 'row' : 'listitem', tabindex: -1 },
      cells,
      // Shown over the row once its entry left the list (see markGone).
      h('div', { class: 'll-veil', 'aria-hidden': 'true' }),
    );
    const row: Row<E> = {
      el,
      cells,
      keys: this.o.cells.map(() => ''),
      attrs: {},
      texts: this.o.cells.map(() => null),
      entry: e,
      current: () => row.entry,
      index: -1,
      slot: NaN,
      gone: false,
      tabindex: '-1',
    };
    this.update(row, e, 'fresh');
    return row;
  }

  /**
   * Brings a row to an entry: a new one (`fresh`: every cell drawn), another entry's row taken up (`reused`: the
   * cells whose key changed, and those that act on their entry), or a new version of its own entry (only the
   * cells whose key changed).
   */
  private update(row: Row<E>, e: E, how?: 'fresh' | 'reused'): void {
    const fresh = how === 'fresh';
    const same = !how && this.o.sameRow?.(row.entry, e);
    row.entry = e;
    const g = this.gutter;
    if (g) {
      const name = g.cell.render(e, row.current) as string;
      if (row.keys[g.at] !== name) row.cells[g.at].setAttribute('aria-label', (row.keys[g.at] = name));
    }
    if (same) return;
    const attrs = this.o.rowAttrs(e);
    for (const k in attrs) {
      const v = attrs[k];
      if (row.attrs[k] !== v) row.el.setAttribute(k, (row.attrs[k] = v));
    }
    this.o.cells.forEach((c, i) => {
      if (g?.at === i) return;
      const key = c.key(e);
      if (!fresh && key === row.keys[i] && (how !== 'reused' || !c.acts)) return;
      row.keys[i] = key;
      const cell = row.cells[i];
      if (c.title) {
        const title = c.title(e);
        if (cell.title !== title) cell.title = title;
      }
      const content = c.render(e, row.current);
      // Text in place of text (an estimate): the text node's data changes, nothing is rebuilt. In
      // a table the text sits in a box of the cell's size laid out on its own (`.ll-text`, CSS containment),
      // so the browser lays out that box again, not the row around it.
      const text = row.texts[i];
      if (typeof content === 'string' && text) {
        rewriteText(text, content);
        return;
      }
      // The same elements with other texts (another truck's plate and firm, the same buttons): the texts are
      // rewritten, the elements kept. New elements would each be styled and laid out.
      const nodes = document.createDocumentFragment();
      appendAll(
        nodes,
        typeof content === 'string' && this.o.columns ? h('span', { class: 'll-text' }, content) : content,
      );
      if (patchTexts(cell, nodes.childNodes)) return;
      // A redrawn cell must not drop the focus: it goes to the same action in the new content, else the row.
      const had = document.activeElement && cell.contains(document.activeElement) ? document.activeElement : null;
      const action = had instanceof HTMLElement ? had.dataset.action : undefined;
      row.texts[i] =
        typeof content === 'string'
          ? ((this.o.columns ? nodes.firstChild!.firstChild : nodes.firstChild) as Text)
          : null;
      cell.replaceChildren(nodes);
      if (had) {
        const same = action ? cell.querySelector<HTMLElement>(`[data-action="${action}"]`) : null;
        (same ?? row.el).focus();
      }
    });
  }
}

function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function setHeight(el: HTMLElement, px: number): void {
  const v = `${px}px`;
  if (el.style.height !== v) el.style.height = v;
}

function appendAll(el: Node, c: Child): void {
  if (c === null || c === undefined || c === false) return;
  if (Array.isArray(c)) for (const x of c) appendAll(el, x);
  else el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
}

/**
 * Several lists that hold still together: while the pointer is over `region` or a dialog is open, changes that
 * would move rows wait and `onPending` reports how many; they are applied when the pointer leaves, the dialog
 * closes, or `apply()` is called.
 */
export class HoldingBoard<E extends { id: string }> {
  private inside = false;
  private latest = new Map<string, E[]>();
  constructor(
    private readonly region: HTMLElement,
    private readonly lists: Map<string, LiveList<E>>,
    private readonly onPending: (n: number) => void,
  ) {
    region.addEventListener('pointerenter', () => (this.inside = true));
    region.addEventListener('pointerleave', () => {
      this.inside = false;
      this.release();
    });
    // A dialog (reason, note) closed: the focus comes back to the page.
    document.addEventListener('focusin', () => this.release());
  }

  get held(): boolean {
    return this.inside || document.querySelector('dialog[open]') !== null;
  }

  /** New contents for the lists, by name; `force` for the officer's own changes (a search). */
  update(groups: Map<string, E[]>, force = false): void {
    this.latest = groups;
    const held = !force && this.held;
    let pending = 0;
    for (const [name, list] of this.lists) {
      list.set(groups.get(name) ?? [], held);
      pending += list.pending;
    }
    this.onPending(pending);
  }

  /** Applies what waits, if nothing holds the rows any more. */
  release(): void {
    if (!this.held) this.apply();
  }

  apply(): void {
    if (![...this.lists.values()].some((l) => l.pending > 0)) return;
    const start = performance.now();
    this.update(this.latest, true);
    // Measured like a live change: up to the page laid out again.
    void this.region.offsetHeight;
    performance.measure('queue-apply', { start });
  }
}
