/// <reference lib="dom" />
import { CONFIRMABLE_STATES, requiredAgencies } from '../../../../libs/domain/src/lifecycle/confirmations.js';
import { h, mount } from '../shared/dom.js';
import { fmtTime } from '../shared/format.js';
import { label, t } from '../shared/i18n.js';
import type { BoardEntry } from '../shared/live.js';
import { startOfficerConsole, type OfficerContext } from '../shared/officer.js';
import {
  actionButton,
  congestionBadge,
  type Entry,
  etaCell,
  priorityBadge,
  runAction,
  splitQueue,
  statusBadge,
  suspensionNotice,
  windowCell,
} from '../shared/queue-ui.js';
import { ask } from '../shared/shell.js';

// The border guard's board: vehicles at the gate as large cards with the driver's documents, the
// confirmations still missing and the crossing; the waiting queue below. `?tv=1` for the big screen across
// the yard: it faces a room, so it subscribes to the public board's view and never receives a name, a
// document or a phone — plates, places, windows and estimates only.

const tv = new URLSearchParams(location.search).has('tv');
if (tv) document.documentElement.classList.add('tv');
const WAITING_ROWS = 30;

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

function actions(ctx: OfficerContext, e: Entry): HTMLElement[] {
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
  const out: HTMLElement[] = [];
  if (e.status === 'CALLED') out.push(actionButton(t('a_arrive'), (b) => post(b, 'arrive', 'a_arrive')));
  if ((CONFIRMABLE_STATES as readonly string[]).includes(e.status) && e.missingConfirmations.includes('BORDER_GUARD')) {
    out.push(
      actionButton(
        t('a_confirmBorder'),
        async (b) => {
          const v = await ask(t('reasonFor', { action: t('a_confirmBorder'), plate: e.plate }), [
            { name: 'checked', label: t('docsChecked'), kind: 'checkbox', required: true },
            { name: 'note', label: `${t('note')} ${t('optional')}`, kind: 'textarea' },
          ]);
          if (v) post(b, 'confirm', 'a_confirmBorder', { agency: 'BORDER_GUARD', ...(v.note ? { note: v.note } : {}) });
        },
        'primary',
      ),
    );
  }
  if (e.status === 'CLEARED') out.push(actionButton(t('a_cross'), (b) => post(b, 'cross', 'a_cross'), 'primary'));
  if (e.status === 'AT_GATE' || e.status === 'CLEARED') {
    out.push(
      actionButton(
        t('a_stop'),
        async (b) => {
          const v = await ask(t('reasonFor', { action: t('a_stop'), plate: e.plate }), [
            { name: 'note', label: t('reason'), kind: 'textarea', required: true, minLength: 3 },
          ]);
          if (v) post(b, 'hold', 'a_stop', { note: v.note });
        },
        'danger',
      ),
    );
  }
  return out;
}

function card(ctx: OfficerContext, e: Entry): HTMLElement {
  return h(
    'article',
    { class: `card vehicle vs-${e.status}`, 'data-plate': e.plate, 'data-entry': e.id },
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
      h('dt', null, t('direction')),
      h('dd', null, label('dirLong', e.direction)),
      e.callDeadline && e.status === 'CALLED'
        ? [h('dt', null, t('callDeadline')), h('dd', null, fmtTime(e.callDeadline))]
        : null,
    ),
    confirmations(e),
    tv ? null : h('div', { class: 'row' }, actions(ctx, e)),
  );
}

/** A vehicle called forward, as the TV shows it: the masked board entry only. */
function tvCard(e: BoardEntry): HTMLElement {
  return h(
    'article',
    { class: `card vehicle vs-${e.status}`, 'data-plate': e.plate, 'data-entry': e.id },
    h('header', null, h('b', { class: 'plate big' }, e.plate), ' ', statusBadge(e.status)),
    h('dl', null, h('dt', null, t('direction')), h('dd', null, label('dirLong', e.direction))),
  );
}

/** The waiting queue; the TV's has no driver (it never receives one) and no priority column. */
function waitingTable(waiting: (Entry | BoardEntry)[]): HTMLElement {
  if (!waiting.length) return h('p', { class: 'muted' }, t('queueEmpty'));
  const head = [t('plate'), t('direction'), ...(tv ? [] : [t('priority')]), t('window'), t('eta')];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'queue', 'data-testid': 'queue-waiting' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, '#'),
          head.map((c) => h('th', null, c)),
          tv ? null : h('th', null, t('driver')),
        ),
      ),
      h(
        'tbody',
        null,
        waiting
          .slice(0, WAITING_ROWS)
          .map((e) =>
            h(
              'tr',
              { 'data-plate': e.plate },
              h('td', { class: 'num' }, e.position ?? ''),
              h('td', null, h('b', { class: 'plate' }, e.plate)),
              h('td', null, label('dir', e.direction)),
              tv ? null : h('td', null, priorityBadge(e.priorityClass)),
              h('td', null, windowCell(e)),
              h('td', null, etaCell(e)),
              'driver' in e ? h('td', null, e.driver.name) : null,
            ),
          ),
      ),
    ),
    waiting.length > WAITING_ROWS
      ? h('p', { class: 'muted' }, t('moreVehicles', { n: waiting.length - WAITING_ROWS }))
      : null,
  );
}

function render(ctx: OfficerContext): void {
  const q = ctx.queue();
  const entries = q?.entries ?? [];
  const { atGate, waiting } = splitQueue(entries, 'ALL');
  mount(
    ctx.shell.main,
    suspensionNotice(q),
    h('div', { class: 'toolbar' }, congestionBadge(entries)),
    h('h2', null, t('calledNow')),
    atGate.length
      ? h(
          'div',
          { class: 'cards', 'data-testid': 'at-gate' },
          atGate.map((e) => (tv ? tvCard(e as unknown as BoardEntry) : card(ctx, e))),
        )
      : h('p', { class: 'muted' }, t('queueEmpty')),
    h('h2', null, `${t('queueTab')} (${waiting.length})`),
    waitingTable(waiting),
  );
}

startOfficerConsole({
  consoleName: 'border',
  title: 'consoleBorder',
  roles: ['BORDER_GUARD'],
  view: tv ? 'board' : 'border',
  render,
});
