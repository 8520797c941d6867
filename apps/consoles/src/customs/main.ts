/// <reference lib="dom" />
import { type Direction, DIRECTIONS } from '../../../../libs/domain/src/identifiers/reference-data.js';
import { CONFIRMABLE_STATES } from '../../../../libs/domain/src/lifecycle/confirmations.js';
import { askCorrection } from '../shared/correction.js';
import type { Declaration, DeclarationPage } from '../shared/declarations.js';
import { h, mount } from '../shared/dom.js';
import { fmtDateTime, fmtNumber } from '../shared/format.js';
import { label, t } from '../shared/i18n.js';
import { startOfficerConsole, type OfficerContext } from '../shared/officer.js';
import {
  actionButton,
  congestionBadge,
  congestionOf,
  type Entry,
  etaCell,
  missingChips,
  priorityBadge,
  runAction,
  splitQueue,
  statusBadge,
  suspensionNotice,
  windowCell,
} from '../shared/queue-ui.js';
import { ask } from '../shared/shell.js';

// The customs officer's desk at one gate: the live queue with calls and confirmations, and the
// declarations waiting for a decision.

let tab: 'queue' | 'declarations' = 'queue';
let dirFilter: Direction | 'ALL' = 'ALL';
let pending: Declaration[] = [];
let accepted: Declaration[] = [];
const expanded = new Map<string, Declaration | null>();
const WAITING_ROWS = 200;

function entryActions(ctx: OfficerContext, e: Entry): HTMLElement {
  const { api, shell, feed } = ctx;
  const act =
    (action: string, key: Parameters<typeof runAction>[0]['action'], body: unknown = {}) =>
    (b: HTMLButtonElement) =>
      void runAction({
        api,
        shell,
        button: b,
        plate: e.plate,
        action: key,
        run: () => api.post(`/queue-entries/${e.id}/${action}`, body),
        after: () => feed.refresh(),
      });
  const withNote =
    (action: string, key: Parameters<typeof runAction>[0]['action'], { required }: { required: boolean }) =>
    async (b: HTMLButtonElement) => {
      const v = await ask(t('reasonFor', { action: t(key), plate: e.plate }), [
        {
          name: 'note',
          label: required ? t('reason') : `${t('note')} ${t('optional')}`,
          kind: 'textarea',
          required,
          minLength: required ? 3 : undefined,
        },
      ]);
      if (v) act(action, key, v.note ? { note: v.note } : {})(b);
    };
  const missing = new Set(e.missingConfirmations);
  const buttons: HTMLElement[] = [];
  const canConfirm = (CONFIRMABLE_STATES as readonly string[]).includes(e.status);
  switch (e.status) {
    case 'CHECKED_IN':
      buttons.push(actionButton(t('a_call'), act('call', 'a_call'), 'primary'));
      break;
    case 'CALLED':
      buttons.push(actionButton(t('a_arrive'), act('arrive', 'a_arrive')));
      buttons.push(actionButton(t('a_noShow'), withNote('no-show', 'a_noShow', { required: false }), 'warn'));
      break;
    case 'AT_GATE':
      buttons.push(actionButton(t('a_hold'), withNote('hold', 'a_hold', { required: true }), 'warn'));
      buttons.push(actionButton(t('a_turnBack'), withNote('turn-back', 'a_turnBack', { required: true }), 'danger'));
      break;
    case 'HELD':
      buttons.push(actionButton(t('a_release'), withNote('release', 'a_release', { required: false })));
      buttons.push(actionButton(t('a_turnBack'), withNote('turn-back', 'a_turnBack', { required: true }), 'danger'));
      break;
    case 'CLEARED':
      buttons.push(actionButton(t('a_hold'), withNote('hold', 'a_hold', { required: true }), 'warn'));
      break;
  }
  if (canConfirm && missing.has('CUSTOMS'))
    buttons.unshift(
      actionButton(t('a_confirmCustoms'), act('confirm', 'a_confirmCustoms', { agency: 'CUSTOMS' }), 'primary'),
    );
  if (canConfirm && missing.has('QUARANTINE'))
    buttons.splice(
      1,
      0,
      actionButton(t('a_confirmQuarantine'), act('confirm', 'a_confirmQuarantine', { agency: 'QUARANTINE' })),
    );
  return h('td', { class: 'actions' }, buttons);
}

function queueTable(ctx: OfficerContext, rows: Entry[], kind: 'atGate' | 'waiting'): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'muted' }, t('queueEmpty'));
  const shown = rows.slice(0, WAITING_ROWS);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'queue', 'data-testid': `queue-${kind}` },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, '#'),
          h('th', null, t('plate')),
          h('th', null, t('direction')),
          h('th', null, t('priority')),
          h('th', null, t('window')),
          h('th', null, t('eta')),
          h('th', null, t('status')),
          h('th', null, t('missing')),
          h('th', null, ''),
        ),
      ),
      h(
        'tbody',
        null,
        shown.map((e) =>
          h(
            'tr',
            { 'data-plate': e.plate, 'data-entry': e.id },
            h('td', { class: 'num' }, e.position ?? ''),
            h(
              'td',
              null,
              h('b', { class: 'plate' }, e.plate),
              e.trailerPlate ? h('small', null, ` + ${e.trailerPlate}`) : null,
              h('div', { class: 'muted small' }, e.firmName),
            ),
            h('td', null, label('dir', e.direction)),
            h('td', null, priorityBadge(e.priorityClass)),
            h('td', null, windowCell(e)),
            h('td', null, etaCell(e)),
            h(
              'td',
              null,
              statusBadge(e.status),
              e.noShowCount ? h('small', { class: 'muted' }, ` ×${e.noShowCount} ${label('st', 'NO_SHOW')}`) : null,
            ),
            h('td', null, missingChips(e)),
            entryActions(ctx, e),
          ),
        ),
      ),
    ),
    rows.length > shown.length
      ? h('p', { class: 'muted' }, t('moreVehicles', { n: fmtNumber(rows.length - shown.length) }))
      : null,
  );
}

async function loadDeclarations(ctx: OfficerContext): Promise<void> {
  try {
    const [s, a] = await Promise.all([
      ctx.api.get<DeclarationPage>(`/declarations?gate=${ctx.gate}&status=SUBMITTED&pageSize=100`),
      ctx.api.get<DeclarationPage>(`/declarations?gate=${ctx.gate}&status=ACCEPTED&pageSize=100`),
    ]);
    pending = s.items;
    accepted = a.items;
    for (const id of expanded.keys())
      if (expanded.get(id)) expanded.set(id, await ctx.api.get<Declaration>(`/declarations/${id}`));
  } catch {
    /* the queue feed shows the connection state; the list is retried on the next tick */
  }
  render(ctx);
}

function declarationCard(ctx: OfficerContext, d: Declaration): HTMLElement {
  const { api, shell } = ctx;
  const reload = () => void loadDeclarations(ctx);
  const plates = d.vehicles.map((v) => v.plate).join(', ');
  const run = (key: Parameters<typeof runAction>[0]['action'], fn: () => Promise<unknown>) => (b: HTMLButtonElement) =>
    void runAction({ api, shell, button: b, plate: d.number, action: key, run: fn, after: reload });
  const detail = expanded.get(d.id);
  const buttons: HTMLElement[] = [];
  if (d.status === 'SUBMITTED') {
    buttons.push(
      actionButton(
        t('a_accept'),
        run('a_accept', () => api.post(`/declarations/${d.id}/accept`)),
        'primary',
      ),
    );
    buttons.push(
      actionButton(
        t('a_reject'),
        async (b) => {
          const v = await ask(t('reasonFor', { action: t('a_reject'), plate: d.number }), [
            { name: 'reason', label: t('reason'), kind: 'textarea', required: true, minLength: 3 },
          ]);
          if (v) run('a_reject', () => api.post(`/declarations/${d.id}/reject`, { reason: v.reason }))(b);
        },
        'danger',
      ),
    );
  }
  buttons.push(
    actionButton(t('a_requestCorrection'), async (b) => {
      const v = await askCorrection(d, t('reasonFor', { action: t('a_requestCorrection'), plate: d.number }));
      if (!v) return;
      run('a_requestCorrection', () =>
        api.post(`/declarations/${d.id}/correction-requests`, {
          message: v.message,
          ...(v.fields.length ? { fields: v.fields } : {}),
        }),
      )(b);
    }),
  );
  const toggle = async () => {
    if (expanded.has(d.id)) expanded.delete(d.id);
    else expanded.set(d.id, await api.get<Declaration>(`/declarations/${d.id}`).catch(() => null));
    render(ctx);
  };
  return h(
    'article',
    { class: 'card decl', 'data-declaration': d.number },
    h(
      'header',
      null,
      h(
        'button',
        { type: 'button', class: 'link', onclick: toggle, 'aria-expanded': String(expanded.has(d.id)) },
        h('b', null, d.number),
      ),
      ' ',
      statusBadge(d.status),
      h(
        'span',
        { class: 'muted' },
        ` ${d.firm.name} · ${label('dir', d.direction)} · ${t('arrival')} ${fmtDateTime(d.expectedArrival)}`,
      ),
    ),
    h(
      'p',
      null,
      h('b', { class: 'plate' }, plates),
      ' — ',
      d.goods.map((g) => `${label('cat', g.category)}: ${g.items.map((i) => i.description).join(', ')}`).join('; '),
    ),
    detail ? declarationDetail(ctx, detail) : null,
    h('div', { class: 'row' }, buttons),
  );
}

function declarationDetail(ctx: OfficerContext, d: Declaration): HTMLElement {
  const answered = (d.correctionRequests ?? []).filter((c) => c.status !== 'APPROVED');
  return h(
    'div',
    { class: 'detail' },
    h('p', null, `${t('yardName')}: ${d.yard} · ${t('taxCode')} ${d.firm.taxCode} · ${t('version', { n: d.version })}`),
    h(
      'ul',
      null,
      d.goods.map((g) =>
        h(
          'li',
          null,
          `${g.customsDeclarationNumber} · ${label('cat', g.category)} · `,
          g.items
            .map(
              (i) => `${i.description} (HS ${i.hsCode}, ${fmtNumber(i.grossWeightKg)} kg, ${fmtNumber(i.valueVnd)} ₫)`,
            )
            .join('; '),
        ),
      ),
    ),
    h(
      'ul',
      null,
      d.vehicles.map((v) =>
        h(
          'li',
          null,
          h('b', { class: 'plate' }, v.plate),
          v.trailerPlate ? ` + ${v.trailerPlate}` : '',
          ` · ${label('nat', v.nationality)} · ${label('fee', v.feeClass)} · ${t('container')} ${v.containerNumber ?? t('none')} · ${t('seal')} ${v.sealNumber ?? t('none')} · ${t('driver')} ${v.driver.name} (${label('doc', v.driver.document.type)} ${v.driver.document.number}, ${v.driver.phone})`,
        ),
      ),
    ),
    answered.map((c) =>
      h(
        'p',
        { class: 'notice' },
        `${t('correctionRequested', { msg: c.message })} — ${label('corr', c.status)}`,
        c.status === 'ANSWERED'
          ? actionButton(
              t('a_approveCorrection'),
              (b) =>
                void runAction({
                  api: ctx.api,
                  shell: ctx.shell,
                  button: b,
                  plate: d.number,
                  action: 'a_approveCorrection',
                  run: () => ctx.api.post(`/declarations/${d.id}/correction-requests/${c.id}/approve`),
                  after: () => void loadDeclarations(ctx),
                }),
            )
          : null,
      ),
    ),
  );
}

function render(ctx: OfficerContext): void {
  const q = ctx.queue();
  const entries = q?.entries ?? [];
  const { atGate, waiting } = splitQueue(entries, dirFilter);
  const c = congestionOf(entries);
  const filter = h(
    'select',
    { 'aria-label': t('filterDirection'), 'data-testid': 'dir-filter' },
    (['ALL', ...DIRECTIONS] as const).map((d) =>
      h('option', { value: d, selected: d === dirFilter }, d === 'ALL' ? t('all') : label('dirLong', d)),
    ),
  );
  filter.addEventListener('change', () => {
    dirFilter = filter.value as Direction | 'ALL';
    render(ctx);
  });
  const callNext = (d: Direction) =>
    actionButton(
      `${t('a_callNext', { dir: label('dir', d) })} (${c.byDirection[d]})`,
      (b) =>
        void runAction({
          api: ctx.api,
          shell: ctx.shell,
          button: b,
          plate: label('dir', d),
          action: 'a_call',
          run: () => ctx.api.post(`/gates/${ctx.gate}/call-next`, { direction: d }),
          after: () => ctx.feed.refresh(),
        }),
      'primary',
    );
  const tabs = h(
    'nav',
    { class: 'tabs' },
    h(
      'button',
      { type: 'button', class: tab === 'queue' ? 'on' : '', onclick: () => ((tab = 'queue'), render(ctx)) },
      t('queueTab'),
    ),
    h(
      'button',
      {
        type: 'button',
        class: tab === 'declarations' ? 'on' : '',
        'data-testid': 'tab-declarations',
        onclick: () => ((tab = 'declarations'), void loadDeclarations(ctx)),
      },
      t('declarationsTab', { n: pending.length }),
    ),
  );
  const body =
    tab === 'queue'
      ? [
          h(
            'div',
            { class: 'toolbar' },
            congestionBadge(entries),
            callNext('EXPORT'),
            callNext('IMPORT'),
            h('span', { class: 'spacer' }),
            filter,
          ),
          h('h2', null, t('calledNow')),
          queueTable(ctx, atGate, 'atGate'),
          h('h2', null, `${t('queueTab')} (${waiting.length})`),
          queueTable(ctx, waiting, 'waiting'),
        ]
      : [
          pending.length ? pending.map((d) => declarationCard(ctx, d)) : h('p', { class: 'muted' }, t('noPending')),
          accepted.length
            ? [h('h2', null, label('st', 'ACCEPTED')), accepted.map((d) => declarationCard(ctx, d))]
            : null,
        ];
  mount(ctx.shell.main, suspensionNotice(q), tabs, body);
}

startOfficerConsole({
  consoleName: 'customs',
  title: 'consoleCustoms',
  roles: ['CUSTOMS'],
  view: 'customs',
  // The declarations tab has its own refresh; a queue tick must not redraw it under the officer's hands.
  render: (ctx, why) => (why !== 'queue' || tab === 'queue') && render(ctx),
  onStart: (ctx) => {
    void loadDeclarations(ctx);
    setInterval(() => void loadDeclarations(ctx), 10_000);
  },
});
