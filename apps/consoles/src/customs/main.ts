/// <reference lib="dom" />
import { CONFIRMABLE_STATES } from '../../../../libs/domain/src/lifecycle/confirmations.js';
import { waitingYardName } from '../../../../libs/domain/src/slots/waiting-yards.js';
import { askCorrection } from '../shared/correction.js';
import type { Declaration, DeclarationPage } from '../shared/declarations.js';
import { h, mount } from '../shared/dom.js';
import { fmtDateTime, fmtNumber, fmtTime } from '../shared/format.js';
import { label, lang, t } from '../shared/i18n.js';
import { startOfficerConsole, type OfficerContext } from '../shared/officer.js';
import { actionsCell, Desk, type DeskAction, plateAndFirmCell, positionCell } from '../shared/desk.js';
import {
  actionButton,
  type Entry,
  etaTextCell,
  missingChips,
  priorityBadge,
  runAction,
  statusBadge,
  windowCell,
  unreachedBadge,
} from '../shared/queue-ui.js';
import { ask } from '../shared/shell.js';

// The customs officer's desk at one gate: the live queue with calls and confirmations, and the
// declarations waiting for a decision.

let tab: 'queue' | 'declarations' = 'queue';
let pending: Declaration[] = [];
let accepted: Declaration[] = [];
const expanded = new Map<string, Declaration | null>();
let desk: Desk<Entry> | null = null;

/** What an officer can do with a truck in its state; the common path has a key. */
function entryActions(ctx: OfficerContext, e: Entry): DeskAction[] {
  const { api, shell, feed } = ctx;
  type Key = Parameters<typeof runAction>[0]['action'];
  const act =
    (action: string, key: Key, body: unknown = {}) =>
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
    (action: string, key: Key, { required }: { required: boolean }) =>
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
  const a = (id: Key, run: DeskAction['run'], cls = '', key?: string): DeskAction => ({
    id,
    label: t(id),
    run,
    cls,
    key,
  });
  const missing = new Set(e.missingConfirmations);
  const out: DeskAction[] = [];
  if ((CONFIRMABLE_STATES as readonly string[]).includes(e.status)) {
    if (missing.has('CUSTOMS'))
      out.push(a('a_confirmCustoms', act('confirm', 'a_confirmCustoms', { agency: 'CUSTOMS' }), 'primary', 'x'));
    if (missing.has('QUARANTINE'))
      out.push(a('a_confirmQuarantine', act('confirm', 'a_confirmQuarantine', { agency: 'QUARANTINE' }), '', 'q'));
  }
  switch (e.status) {
    case 'CHECKED_IN':
      out.push(a('a_call', act('call', 'a_call'), 'primary', 'g'));
      break;
    case 'CALLED':
      out.push(a('a_arrive', act('arrive', 'a_arrive'), '', 'd'));
      out.push(a('a_noShow', withNote('no-show', 'a_noShow', { required: false }), 'warn'));
      break;
    case 'AT_GATE':
      out.push(a('a_hold', withNote('hold', 'a_hold', { required: true }), 'warn'));
      out.push(a('a_turnBack', withNote('turn-back', 'a_turnBack', { required: true }), 'danger'));
      break;
    case 'HELD':
      out.push(a('a_release', withNote('release', 'a_release', { required: false })));
      out.push(a('a_turnBack', withNote('turn-back', 'a_turnBack', { required: true }), 'danger'));
      break;
    case 'CLEARED':
      out.push(a('a_hold', withNote('hold', 'a_hold', { required: true }), 'warn'));
      break;
  }
  return out;
}

/** What the actions of a row depend on. */
const actionsKey = (e: Entry) => `${e.status}|${e.missingConfirmations.join(',')}`;

function createDesk(ctx: OfficerContext): Desk<Entry> {
  const plateCell = plateAndFirmCell<Entry>();
  return new Desk<Entry>({
    api: ctx.api,
    gate: ctx.gate,
    atGate: {
      heads: [t('plate'), t('status'), t('missing'), ''],
      template: 'minmax(9rem, 1.1fr) minmax(8rem, 0.9fr) minmax(7rem, 0.8fr) minmax(20rem, 2.6fr)',
      // Fixed rows (room for two lines of buttons, three chips): each row is laid out on its own, so a truck's
      // new state at the gate lays out its row, not the lane and the page.
      rowHeight: 100,
      cells: [
        plateCell,
        {
          key: (e) => `${e.status}|${e.noShowCount}|${e.callDeadline ?? ''}|${e.callUnreached}`,
          render: (e) => [
            statusBadge(e.status),
            e.noShowCount ? h('small', { class: 'muted' }, ` ×${e.noShowCount} ${label('st', 'NO_SHOW')}`) : null,
            e.status === 'CALLED' && e.callDeadline
              ? h('div', { class: 'muted small' }, `${t('callDeadline')} ${fmtTime(e.callDeadline)}`)
              : null,
            unreachedBadge(e),
          ],
        },
        { key: (e) => e.missingConfirmations.join(','), render: (e) => missingChips(e) },
        actionsCell((e) => entryActions(ctx, e), actionsKey),
      ],
    },
    waiting: {
      heads: ['#', t('plate'), t('priority'), t('window'), t('eta'), ''],
      template: '4.5ch minmax(10rem, 1.1fr) 7rem 8rem minmax(12rem, 1.5fr) 6.5rem',
      rowHeight: 56,
      cells: [
        positionCell<Entry>(),
        plateCell,
        { key: (e) => e.priorityClass, render: (e) => priorityBadge(e.priorityClass) },
        { key: (e) => `${e.window?.start}|${e.window?.end}`, render: (e) => windowCell(e) },
        etaTextCell(),
        actionsCell((e) => entryActions(ctx, e), actionsKey),
      ],
    },
    laneAction: (d) => ({
      id: 'callNext',
      label: t('a_callNext', { dir: label('dir', d) }),
      key: 'n',
      cls: 'primary',
      run: (b) =>
        void runAction({
          api: ctx.api,
          shell: ctx.shell,
          button: b,
          plate: label('dir', d),
          action: 'a_call',
          run: () => ctx.api.post(`/gates/${ctx.gate}/call-next`, { direction: d }),
          after: () => ctx.feed.refresh(),
        }),
    }),
    keys: [
      { key: 'g', label: t('a_call') },
      { key: 'n', label: t('k_callNext') },
      { key: 'x', label: t('a_confirmCustoms') },
      { key: 'q', label: t('a_confirmQuarantine') },
      { key: 'd', label: t('a_arrive') },
    ],
  });
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
  render(ctx, 'declarations');
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
    render(ctx, 'start');
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
    h(
      'p',
      null,
      `${t('yardName')}: ${waitingYardName(ctx.gates.find((g) => g.code === d.gate)?.yards ?? [], d.yard, lang())} · ${t('taxCode')} ${d.firm.taxCode} · ${t('version', { n: d.version })}`,
    ),
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

function tabs(ctx: OfficerContext): HTMLElement {
  return h(
    'nav',
    { class: 'tabs' },
    h(
      'button',
      { type: 'button', class: tab === 'queue' ? 'on' : '', onclick: () => ((tab = 'queue'), render(ctx, 'start')) },
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
}

/**
 * The queue tab is built once and then only updated: a live change touches the rows it carries. The page
 * is rebuilt for a tab switch or a language switch only.
 */
function render(ctx: OfficerContext, why: 'queue' | 'lang' | 'start' | 'declarations' = 'start'): void {
  if (tab === 'queue') {
    // The declarations count in the tab is all a reload of the declarations changes here (looked up for that
    // only: a live change has no business searching the page).
    const count = why === 'declarations' ? ctx.shell.main.querySelector('[data-testid=tab-declarations]') : null;
    if (count && desk?.el.isConnected) {
      count.textContent = t('declarationsTab', { n: pending.length });
      return;
    }
    if (why === 'lang' || !desk) desk = createDesk(ctx);
    if (why !== 'queue' || !desk.el.isConnected) mount(ctx.shell.main, tabs(ctx), desk.el);
    desk.update(ctx.queue(), why !== 'queue');
    return;
  }
  if (why === 'queue') return;
  mount(
    ctx.shell.main,
    tabs(ctx),
    pending.length ? pending.map((d) => declarationCard(ctx, d)) : h('p', { class: 'muted' }, t('noPending')),
    accepted.length ? [h('h2', null, label('st', 'ACCEPTED')), accepted.map((d) => declarationCard(ctx, d))] : null,
  );
}

startOfficerConsole({
  consoleName: 'customs',
  title: 'consoleCustoms',
  roles: ['CUSTOMS'],
  view: 'customs',
  // The declarations tab has its own refresh; a queue tick must not redraw it under the officer's hands.
  render: (ctx, why) => render(ctx, why),
  onStart: (ctx) => {
    void loadDeclarations(ctx);
    setInterval(() => void loadDeclarations(ctx), 10_000);
  },
});
