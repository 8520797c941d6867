/// <reference lib="dom" />
// A few lines instead of a framework: every console must stay light enough for a phone on 3G.

type Child = Node | string | number | null | undefined | false | Child[];
// Any listener (of whichever event) is an attribute value.
type Listener = (e: never) => unknown;
type Attrs = Record<string, string | number | boolean | null | undefined | Listener> & {
  class?: string;
  style?: string;
};

/** Creates an element: `on…` attributes become listeners, booleans toggle attributes, the rest are set. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function')
      el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    else if (k === 'value' && 'value' in el) (el as HTMLInputElement).value = String(v);
    else if (k === 'checked' && 'checked' in el) (el as HTMLInputElement).checked = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A column of a read-only table: its heading, what each row shows, and its cells' class (`num` right-aligns). */
export interface Column<R> {
  head: string;
  cell: (row: R) => Child;
  cls?: string;
}

/**
 * A read-only table of rows, in a box that scrolls sideways on a narrow screen rather than widening the page.
 * `attrs` go on the table (its class is added to `queue`); `foot` is the content of a `tfoot`.
 */
export function dataTable<R>(o: {
  columns: Column<R>[];
  rows: readonly R[];
  rowAttrs?: (row: R) => Attrs;
  attrs?: Attrs;
  caption?: string;
  foot?: Child;
}): HTMLElement {
  const cls = (c: Column<R>) => (c.cls ? { class: c.cls } : null);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { ...o.attrs, class: o.attrs?.class ? `queue ${o.attrs.class}` : 'queue' },
      o.caption ? h('caption', null, o.caption) : null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          o.columns.map((c) => h('th', cls(c), c.head)),
        ),
      ),
      h(
        'tbody',
        null,
        o.rows.map((r) =>
          h(
            'tr',
            o.rowAttrs?.(r) ?? null,
            o.columns.map((c) => h('td', cls(c), c.cell(r))),
          ),
        ),
      ),
      o.foot ? h('tfoot', null, o.foot) : null,
    ),
  );
}

/** Replaces an element's children. */
export function mount(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/**
 * A listener for work that goes on after the event: the browser ignores what a listener returns, so its
 * promise is dropped on purpose (a failure still surfaces as an unhandled rejection, as before).
 */
export function asyncHandler<A extends unknown[]>(fn: (...args: A) => Promise<unknown>): (...args: A) => void {
  return (...args) => void fn(...args);
}

/**
 * Rewrites a text node to `next`, replacing only the span that differs (what is left of the text around it is
 * not shaped again: the browser's layout reuses the shaped runs outside the span the DOM reports changed, where
 * `node.data = next` reports the whole text changed).
 */
export function rewriteText(node: Text, next: string): void {
  const cur = node.data;
  if (cur === next) return;
  const max = Math.min(cur.length, next.length);
  let start = 0;
  while (start < max && cur.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && cur.charCodeAt(cur.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  // Not inside a surrogate pair: the span starts and ends on whole characters.
  if (start > 0 && isHighSurrogate(cur.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(cur.charCodeAt(cur.length - end))) end--;
  node.replaceData(start, cur.length - start - end, next.slice(start, next.length - end));
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Brings `el`'s content to `next` (nodes not in the page) by rewriting texts only, when both are the same elements
 * with the same attributes throughout: the elements in the page are kept (no style, no layout for them, and the
 * focus stays where it is). Returns false, touching nothing, when they differ in anything but text.
 */
export function patchTexts(el: Node, next: ArrayLike<Node>): boolean {
  if (!sameShape(el.childNodes, next)) return false;
  patch(el.childNodes, next);
  return true;
}

function sameShape(a: ArrayLike<Node>, b: ArrayLike<Node>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.nodeType !== y.nodeType) return false;
    if (x.nodeType === Node.TEXT_NODE) continue;
    if (!(x instanceof Element) || !(y instanceof Element) || x.tagName !== y.tagName) return false;
    // Every attribute, state included: a button disabled while its action is on its way differs from a new one.
    const attrs = x.attributes;
    if (attrs.length !== y.attributes.length) return false;
    for (let j = 0; j < attrs.length; j++) if (y.getAttribute(attrs[j].name) !== attrs[j].value) return false;
    if (!sameShape(x.childNodes, y.childNodes)) return false;
  }
  return true;
}

function patch(a: ArrayLike<Node>, b: ArrayLike<Node>): void {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (x.nodeType === Node.TEXT_NODE) rewriteText(x as Text, (b[i] as Text).data);
    else patch(x.childNodes, b[i].childNodes);
  }
}
