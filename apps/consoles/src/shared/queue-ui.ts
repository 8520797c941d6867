/// <reference lib="dom" />
import { type Direction } from '../../../../libs/domain/src/identifiers/reference-data.js';
import { type CongestionLevel, congestionLevel } from '../../../../libs/domain/src/slots/congestion.js';
import type { QueueEntryView } from '../../../../libs/events/src/contracts.js';
import { ApiError, type Api } from './api.js';
import { h } from './dom.js';
import { etaTitle, fmtDateTime, fmtEta, fmtNumber, fmtWindow } from './format.js';
import { label, t, type MessageKey } from './i18n.js';
import type { Cell } from './live-list.js';
import type { AnyEntry, QueueData } from './live.js';
import type { Shell } from './shell.js';

export type Entry = QueueEntryView;

/** Waiting vehicles per direction and for the gate, with the national board's colour. */
export function congestionOf(entries: AnyEntry[]): {
  total: number;
  level: CongestionLevel;
  byDirection: Record<Direction, number>;
} {
  const byDirection = { EXPORT: 0, IMPORT: 0 } as Record<Direction, number>;
  for (const e of entries) if (e.status === 'CHECKED_IN') byDirection[e.direction]++;
  const total = byDirection.EXPORT + byDirection.IMPORT;
  return { total, level: congestionLevel(total), byDirection };
}

/** The level in words and the count of waiting vehicles. */
export function congestionBadge(entries: AnyEntry[]): HTMLElement {
  const { total, level } = congestionOf(entries);
  return congestionLevelBadge(level, '', ` · ${fmtNumber(total)} ${t('waiting')}`);
}

/** The level in words, and what follows it (the desks give each lane's count beside it instead). */
export function congestionLevelBadge(level: CongestionLevel, cls = '', after = ''): HTMLElement {
  return h(
    'span',
    { class: `cong cong-${level}${cls ? ` ${cls}` : ''}`, 'data-level': level, title: t('congestion') },
    `${label('cong', level)}${after}`,
  );
}

export function statusBadge(status: string): HTMLElement {
  return h('span', { class: `st st-${status}`, 'data-status': status }, label('st', status));
}

/** A call no message of which was confirmed delivered in time: someone must reach the driver another way. */
export function unreachedBadge(e: Pick<Entry, 'callUnreached'>): HTMLElement | null {
  return e.callUnreached ? h('span', { class: 'notify-unreached', role: 'status' }, t('callUnreached')) : null;
}

export function priorityBadge(pc: string): HTMLElement {
  return h('span', { class: `pc pc-${pc}` }, label('pc', pc));
}

export function missingChips(e: Entry): HTMLElement {
  if (e.missingConfirmations.length === 0) return h('span', { class: 'chip chip-ok' }, t('allConfirmed'));
  return h(
    'span',
    { class: 'chips', 'data-missing': e.missingConfirmations.join(',') },
    e.missingConfirmations.map((a) => h('span', { class: 'chip chip-miss' }, label('ag', a))),
  );
}

export function windowCell(e: AnyEntry): HTMLElement {
  return h('span', { class: 'win' }, fmtWindow(e.window));
}

/**
 * The estimate as a desk's cell: its text, rewritten in place when a new estimate changes what it says (most
 * new estimates move a truck's times by seconds and change nothing shown), the range as the cell's tooltip.
 */
export function etaTextCell<E extends AnyEntry>(): Cell<E> {
  return {
    cls: 'eta',
    key: (e) => `${e.status}|${e.eta?.p10}|${e.eta?.p50}|${e.eta?.p90}`,
    render: (e) => (e.status === 'CHECKED_IN' ? fmtEta(e.eta) : t('none')),
    title: (e) => etaTitle(e.eta),
  };
}

export function suspensionNotice(q: QueueData | null): HTMLElement | null {
  const s = q?.gateState?.suspension;
  if (!s) return null;
  return h(
    'p',
    { class: 'suspended', role: 'status' },
    t('suspended', { reason: s.reason }),
    s.until ? ` ${t('suspendedUntil', { time: fmtDateTime(s.until) })}` : '',
  );
}

/** Runs a gate action with a busy button and a toast; the feed is refreshed whatever happened. */
export async function runAction(o: {
  api: Api;
  shell: Shell;
  button?: HTMLButtonElement;
  plate: string;
  action: MessageKey;
  run: () => Promise<unknown>;
  after?: () => void;
}): Promise<boolean> {
  if (o.button) o.button.disabled = true;
  try {
    await o.run();
    o.shell.toast(t('actionDone', { plate: o.plate, action: t(o.action) }));
    return true;
  } catch (e) {
    o.shell.toast(e instanceof ApiError ? e.message : String(e), 'err');
    return false;
  } finally {
    if (o.button) o.button.disabled = false;
    o.after?.();
  }
}

export function actionButton(
  text: string,
  onClick: (b: HTMLButtonElement) => void | Promise<void>,
  cls = '',
): HTMLButtonElement {
  const b = h('button', { type: 'button', class: cls }, text);
  // An action reports its own outcome on the page; the listener has nothing to wait for.
  b.addEventListener('click', () => void onClick(b));
  return b;
}
