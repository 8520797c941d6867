/// <reference lib="dom" />
import { CONFIRMABLE_STATES, requiredAgencies } from '../../../../libs/domain/src/lifecycle/confirmations.js';
import { h, mount } from '../shared/dom.js';
import { fmtTime } from '../shared/format.js';
import { label, t } from '../shared/i18n.js';
import { startOfficerConsole, type OfficerContext } from '../shared/officer.js';
import { actionsCell, Desk, type DeskAction, plateAndFirmCell, positionCell } from '../shared/desk.js';
import type { Cell } from '../shared/live-list.js';
import { type Entry, etaTextCell, priorityBadge, runAction, statusBadge, windowCell } from '../shared/queue-ui.js';
import { ask } from '../shared/shell.js';

// The border guard's board: vehicles at the gate as large cards with the driver's documents, the
// confirmations still missing and the crossing; the waiting queue below. `?tv=1` for the big screen across
// the yard: it faces a room, so it subscribes to the public board's view and never receives a name, a
// document or a phone — plates, places, windows and estimates only.

const tv = new URLSearchParams(location.search).has('tv');
if (tv) document.documentElement.classList.add('tv');

function confirmations(e: Entry): HTMLElement {
  const agencies = requiredAgencies(e.quarantineRequired);
  return h(
    'ul',
    { class: 'confirms' },
    agencies.map((a) => {
      const c = e.confirmations[a];
      return h(
        'li',
        { class: c ? 'yes' : 'no', 'data-agency': a },
        c ? '✔ ' : '✘ ',
        label('ag', a),
        c ? h('small', null, ` ${fmtTime(c.at)}`) : null,
      );
    }),
  );
}

function actions(ctx: OfficerContext, e: Entry): DeskAction[] {
  const { api, shell, feed } = ctx;
  const post = (
    b: HTMLButtonElement,
    path: string,
    key: Parameters<typeof runAction>[0]['action'],
    body: unknown = {},
  ) =>
    void runAction({
      api,
      shell,
      button: b,
      plate: e.plate,
      action: key,
      run: () => api.post(`/queue-entries/${e.id}/${path}`, body),
      after: () => feed.refresh(),
    });
  const out: DeskAction[] = [];
  if (e.status === 'CALLED')
    out.push({ id: 'a_arrive', label: t('a_arrive'), key: 'd', run: (b) => post(b, 'arrive', 'a_arrive') });
  if ((CONFIRMABLE_STATES as readonly string[]).includes(e.status) && e.missingConfirmations.includes('BORDER_GUARD')) {
    out.push({
      id: 'a_confirmBorder',
      label: t('a_confirmBorder'),
      key: 'x',
      cls: 'primary',
      run: async (b) => {
        const v = await ask(t('reasonFor', { action: t('a_confirmBorder'), plate: e.plate }), [
          { name: 'checked', label: t('docsChecked'), kind: 'checkbox', required: true },
          { name: 'note', label: `${t('note')} ${t('optional')}`, kind: 'textarea' },
        ]);
        if (v) post(b, 'confirm', 'a_confirmBorder', { agency: 'BORDER_GUARD', ...(v.note ? { note: v.note } : {}) });
      },
    });
  }
  if (e.status === 'CLEARED')
    out.push({ id: 'a_cross', label: t('a_cross'), key: 'c', cls: 'primary', run: (b) => post(b, 'cross', 'a_cross') });
  if (e.status === 'AT_GATE' || e.status === 'CLEARED') {
    out.push({
      id: 'a_stop',
      label: t('a_stop'),
      cls: 'danger',
      run: async (b) => {
        const v = await ask(t('reasonFor', { action: t('a_stop'), plate: e.plate }), [
          { name: 'note', label: t('reason'), kind: 'textarea', required: true, minLength: 3 },
        ]);
        if (v) post(b, 'hold', 'a_stop', { note: v.note });
      },
    });
  }
  return out;
}

/** A vehicle at the gate: the driver's documents to check, the confirmations, what to do. */
function cardCells(ctx: OfficerContext): Cell<Entry>[] {
  const buttons = actionsCell<Entry>(
    (e) => actions(ctx, e),
    (e) => `${e.status}|${e.missingConfirmations.join(',')}`,
    'row',
  );
  return [
    {
      key: (e) =>
        JSON.stringify([
          e.plate,
          e.trailerPlate,
          e.status,
          e.priorityClass,
          e.driver,
          e.nationality,
          e.containerNumber,
          e.sealNumber,
          e.direction,
          e.callDeadline,
          e.confirmations,
        ]),
      render: (e) => [
        h(
          'header',
          null,
          h('b', { class: 'plate big' }, e.plate),
          e.trailerPlate ? h('span', { class: 'plate' }, ` + ${e.trailerPlate}`) : null,
          ' ',
          statusBadge(e.status),
          ' ',
          priorityBadge(e.priorityClass),
        ),
        h(
          'dl',
          null,
          h('dt', null, t('driver')),
          h('dd', { class: 'driver' }, e.driver.name),
          h('dt', null, t('document')),
          h('dd', { class: 'doc' }, `${label('doc', e.driver.document.type)} ${e.driver.document.number}`),
          h('dt', null, t('phone')),
          h('dd', null, e.driver.phone),
          h('dt', null, t('nationality')),
          h('dd', null, label('nat', e.nationality)),
          h('dt', null, t('container')),
          h('dd', null, e.containerNumber ?? t('none'), e.sealNumber ? ` · ${t('seal')} ${e.sealNumber}` : ''),
          e.callDeadline && e.status === 'CALLED'
            ? [h('dt', null, t('callDeadline')), h('dd', null, fmtTime(e.callDeadline))]
            : null,
        ),
        confirmations(e),
      ],
    },
    buttons,
  ];
}

/** A vehicle called forward, as the TV shows it: the masked board entry only. */
const tvCardCells: Cell<Entry>[] = [
  {
    key: (e) => `${e.plate}|${e.status}`,
    render: (e) => h('header', null, h('b', { class: 'plate big' }, e.plate), ' ', statusBadge(e.status)),
  },
];

const num = positionCell<Entry>();
const windowAndEta: Cell<Entry>[] = [
  { key: (e) => `${e.window?.start}|${e.window?.end}`, render: (e) => windowCell(e) },
  etaTextCell(),
];

function createDesk(ctx: OfficerContext): Desk<Entry> {
  return new Desk<Entry>({
    api: ctx.api,
    gate: ctx.gate,
    tv,
    atGate: { cells: tv ? tvCardCells : cardCells(ctx) },
    // The TV's has no firm, driver or priority: it never receives them.
    waiting: tv
      ? {
          heads: ['#', t('plate'), t('window'), t('eta')],
          template: '4.5ch minmax(9rem, 1.5fr) 1fr 1fr',
          rowHeight: 64,
          cells: [
            num,
            { cls: 'who', key: (e) => e.plate, render: (e) => h('b', { class: 'plate' }, e.plate) },
            ...windowAndEta,
          ],
        }
      : {
          heads: ['#', t('plate'), t('priority'), t('window'), t('eta'), t('driver')],
          template: '4.5ch minmax(10rem, 1.1fr) 7rem 8rem minmax(12rem, 1.4fr) minmax(8rem, 1fr)',
          rowHeight: 56,
          cells: [
            num,
            plateAndFirmCell<Entry>(),
            { key: (e) => e.priorityClass, render: (e) => priorityBadge(e.priorityClass) },
            ...windowAndEta,
            { cls: 'driver', key: (e) => e.driver.name, render: (e) => e.driver.name },
          ],
        },
    keys: [
      { key: 'd', label: t('a_arrive') },
      { key: 'x', label: t('a_confirmBorder') },
      { key: 'c', label: t('a_cross') },
    ],
  });
}

let desk: Desk<Entry> | null = null;

/** Built once; a live change then touches only the cards and rows it carries. */
function render(ctx: OfficerContext, why: 'queue' | 'lang' | 'start'): void {
  if (why === 'lang' || !desk) desk = createDesk(ctx);
  if (!desk.el.isConnected) mount(ctx.shell.main, desk.el);
  desk.update(ctx.queue(), why !== 'queue');
}

startOfficerConsole({
  consoleName: 'border',
  title: 'consoleBorder',
  roles: ['BORDER_GUARD'],
  view: tv ? 'board' : 'border',
  render,
});
