/// <reference lib="dom" />
import { ASSIGNABLE_ROLES } from '../../../../libs/domain/src/access/permissions.js';
import type { Direction } from '../../../../libs/domain/src/identifiers/reference-data.js';
import { Api, ApiError, type User } from '../shared/api.js';
import { asyncHandler, h, mount } from '../shared/dom.js';
import { clearFieldErrors, showServerErrors } from '../shared/field-errors.js';
import { fmtDateTime, localInputToIso } from '../shared/format.js';
import { label, onLangChange, t, type MessageKey } from '../shared/i18n.js';
import { renderLogin } from '../shared/login.js';
import { ask, createShell } from '../shared/shell.js';
import type { GateView } from '../shared/declarations.js';

// The gate administration office: hours, windows, capacity, daily caps and priority share per gate and
// direction; suspension and resumption with a reason; officer accounts and the gates they work at.

const api = new Api('admin');
const shell = createShell({ title: 'consoleAdmin', api, live: false, onLogout: () => location.reload() });
api.onSessionLost = () => location.reload();
let tab: 'gates' | 'officers' = 'gates';
let gates: GateView[] = [];
let officers: User[] = [];

const num = (name: string, field: string, value: number | null, key: MessageKey, attrs: Record<string, unknown> = {}) =>
  h('label', null, t(key), h('input', { type: 'number', name, 'data-field': field, value: value ?? '', ...attrs }));

function scheduleFieldset(g: GateView, d: Direction): HTMLElement {
  const s = g.directions[d];
  const p = `directions.${d}`;
  return h(
    'fieldset',
    { 'data-direction': d },
    h('legend', null, label('dirLong', d)),
    h(
      'div',
      { class: 'grid' },
      num(`${d}.windowMinutes`, `${p}.windowMinutes`, s.windowMinutes, 'windowMinutes', {
        min: 5,
        max: 240,
        required: true,
      }),
      num(`${d}.capacityPerHour`, `${p}.capacityPerHour`, s.capacityPerHour, 'capacityPerHour', {
        min: 0,
        required: true,
      }),
      num(`${d}.dailyCap`, `${p}.dailyCap`, s.dailyCap, 'dailyCap', { min: 0 }),
      num(`${d}.priorityShare`, `${p}.priorityShare`, Math.round(s.priorityShare * 100), 'priorityShare', {
        min: 0,
        max: 100,
        step: 1,
        required: true,
      }),
      num(`${d}.releaseLeadMinutes`, `${p}.releaseLeadMinutes`, s.releaseLeadMinutes, 'releaseLead', {
        min: 0,
        required: true,
      }),
    ),
    h(
      'table',
      { class: 'hours' },
      h('caption', null, t('openingHours')),
      h(
        'tbody',
        null,
        ([1, 2, 3, 4, 5, 6, 0] as const).map((wd) => {
          const hrs = s.openingHours[wd];
          return h(
            'tr',
            null,
            h('th', null, t(`weekday${wd}` as MessageKey)),
            // Text with a pattern rather than type=time: closing may be 24:00, and no AM/PM on any phone.
            h(
              'td',
              null,
              h('input', {
                type: 'text',
                name: `${d}.h${wd}.open`,
                'data-field': `${p}.openingHours.${wd}.open`,
                value: hrs?.open ?? '07:00',
                pattern: '([01]\\d|2[0-3]):[0-5]\\d',
                size: 5,
                inputmode: 'numeric',
                'aria-label': `${t(`weekday${wd}` as MessageKey)} open`,
              }),
            ),
            h(
              'td',
              null,
              h('input', {
                type: 'text',
                name: `${d}.h${wd}.close`,
                'data-field': `${p}.openingHours.${wd}.close`,
                value: hrs?.close ?? '19:00',
                pattern: '([01]\\d|2[0-3]):[0-5]\\d|24:00',
                size: 5,
                inputmode: 'numeric',
                'aria-label': `${t(`weekday${wd}` as MessageKey)} close`,
              }),
            ),
            h(
              'td',
              null,
              h(
                'label',
                { class: 'check' },
                h('input', { type: 'checkbox', name: `${d}.h${wd}.closed`, checked: !hrs }),
                ` ${t('closedDay')}`,
              ),
            ),
          );
        }),
      ),
    ),
  );
}

function readSchedule(f: HTMLFormElement, d: Direction): Record<string, unknown> {
  const v = (n: string) => (f.elements.namedItem(`${d}.${n}`) as HTMLInputElement).value.trim();
  const openingHours: Record<string, { open: string; close: string } | null> = {};
  for (const wd of [0, 1, 2, 3, 4, 5, 6]) {
    const closed = (f.elements.namedItem(`${d}.h${wd}.closed`) as HTMLInputElement).checked;
    openingHours[wd] = closed ? null : { open: v(`h${wd}.open`), close: v(`h${wd}.close`) };
  }
  return {
    windowMinutes: Number(v('windowMinutes')),
    capacityPerHour: Number(v('capacityPerHour')),
    dailyCap: v('dailyCap') === '' ? null : Number(v('dailyCap')),
    priorityShare: Number(v('priorityShare')) / 100,
    releaseLeadMinutes: Number(v('releaseLeadMinutes')),
    openingHours,
  };
}

function gateCard(g: GateView): HTMLElement {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h(
    'form',
    { class: 'settings', 'data-gate': g.code, novalidate: true },
    h(
      'div',
      { class: 'grid' },
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'checkbox', name: 'autoAccept', checked: g.autoAccept }),
        ` ${t('autoAccept')}`,
      ),
      num('graceMinutes', 'graceMinutes', g.graceMinutes, 'graceMinutes', { min: 1, max: 720, required: true }),
      num('noShowPenaltyMinutes', 'noShowPenaltyMinutes', g.noShowPenaltyMinutes, 'noShowPenalty', {
        min: 0,
        max: 10080,
        required: true,
      }),
    ),
    scheduleFieldset(g, 'EXPORT'),
    scheduleFieldset(g, 'IMPORT'),
    error,
    h('button', { type: 'submit', class: 'primary' }, t('save')),
  );
  form.addEventListener(
    'submit',
    asyncHandler(async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      error.hidden = true;
      const f = form;
      const body = {
        autoAccept: (f.elements.namedItem('autoAccept') as HTMLInputElement).checked,
        graceMinutes: Number((f.elements.namedItem('graceMinutes') as HTMLInputElement).value),
        noShowPenaltyMinutes: Number((f.elements.namedItem('noShowPenaltyMinutes') as HTMLInputElement).value),
        directions: { EXPORT: readSchedule(f, 'EXPORT'), IMPORT: readSchedule(f, 'IMPORT') },
      };
      try {
        await api.patch(`/gates/${g.code}`, body);
        shell.toast(`${g.name}: ${t('saved')}`);
        await load();
      } catch (err) {
        const rest = err instanceof ApiError ? showServerErrors(form, err.errors) : [];
        error.textContent = [
          err instanceof Error ? err.message : String(err),
          ...rest.map((r) => `${r.field}: ${r.message}`),
        ].join(' — ');
        error.hidden = false;
      }
    }),
  );
  const suspend = async () => {
    const v = await ask(`${t('suspend')} — ${g.name}`, [
      { name: 'reason', label: t('reason'), kind: 'textarea', required: true, minLength: 3 },
      { name: 'until', label: t('suspendUntil'), kind: 'datetime-local' },
    ]);
    if (!v) return;
    try {
      await api.post(`/gates/${g.code}/suspend`, {
        reason: v.reason,
        ...(v.until ? { until: localInputToIso(v.until) } : {}),
      });
      shell.toast(`${g.name}: ${t('suspend')}`);
    } catch (err) {
      shell.toast((err as Error).message, 'err');
    }
    await load();
  };
  const resume = async () => {
    const v = await ask(`${t('resume')} — ${g.name}`, [
      { name: 'reason', label: `${t('reason')} ${t('optional')}`, kind: 'textarea' },
    ]);
    if (!v) return;
    try {
      await api.post(`/gates/${g.code}/resume`, v.reason ? { reason: v.reason } : {});
      shell.toast(`${g.name}: ${t('resume')}`);
    } catch (err) {
      shell.toast((err as Error).message, 'err');
    }
    await load();
  };
  return h(
    'article',
    { class: 'card gate', 'data-gate': g.code },
    h(
      'header',
      null,
      h('h2', null, g.name),
      g.suspension
        ? h(
            'span',
            { class: 'suspended', 'data-testid': 'suspended' },
            t('suspended', { reason: g.suspension.reason }),
            g.suspension.until ? ` ${t('suspendedUntil', { time: fmtDateTime(g.suspension.until) })}` : '',
          )
        : h('span', { class: 'st st-CLEARED' }, t('open')),
      g.suspension
        ? h('button', { type: 'button', class: 'primary', onclick: resume }, t('resume'))
        : h('button', { type: 'button', class: 'danger', onclick: suspend }, t('suspend')),
    ),
    form,
  );
}

function officersView(): HTMLElement[] {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h(
    'form',
    { class: 'card', 'data-testid': 'create-officer' },
    h('h2', null, t('createOfficer')),
    h(
      'div',
      { class: 'grid' },
      h('label', null, t('email'), h('input', { type: 'email', name: 'email', 'data-field': 'email', required: true })),
      h('label', null, t('fullName'), h('input', { name: 'fullName', 'data-field': 'fullName' })),
      h(
        'label',
        null,
        t('password'),
        h('input', {
          type: 'password',
          name: 'password',
          'data-field': 'password',
          required: true,
          minlength: 8,
          autocomplete: 'new-password',
        }),
      ),
      h(
        'label',
        null,
        t('role'),
        h(
          'select',
          { name: 'role', 'data-field': 'role' },
          ASSIGNABLE_ROLES.map((r) => h('option', { value: r }, label('role', r))),
        ),
      ),
    ),
    h(
      'fieldset',
      { 'data-field': 'gates' },
      h('legend', null, t('gates')),
      gates.map((g) =>
        h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'gates', value: g.code }), ` ${g.name}`),
      ),
    ),
    error,
    h('button', { type: 'submit', class: 'primary' }, t('createOfficer')),
  );
  form.addEventListener(
    'submit',
    asyncHandler(async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      error.hidden = true;
      const f = form;
      const val = (n: string) => (f.elements.namedItem(n) as HTMLInputElement).value.trim();
      const body = {
        email: val('email'),
        password: (f.elements.namedItem('password') as HTMLInputElement).value,
        role: val('role'),
        gates: [...f.querySelectorAll<HTMLInputElement>('input[name=gates]:checked')].map((i) => i.value),
        ...(val('fullName') ? { fullName: val('fullName') } : {}),
      };
      try {
        const u = await api.post<User>('/users', body);
        shell.toast(t('officerCreated', { email: u.email }));
        await load();
      } catch (err) {
        const rest = err instanceof ApiError ? showServerErrors(form, err.errors) : [];
        error.textContent = [err instanceof Error ? err.message : String(err), ...rest.map((r) => r.message)].join(
          ' — ',
        );
        error.hidden = false;
      }
    }),
  );
  return [
    form,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'queue', 'data-testid': 'officers' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', null, t('email')),
            h('th', null, t('fullName')),
            h('th', null, t('role')),
            h('th', null, t('gates')),
          ),
        ),
        h(
          'tbody',
          null,
          officers.map((u) =>
            h(
              'tr',
              null,
              h('td', null, u.email),
              h('td', null, u.fullName),
              h('td', null, label('role', u.role)),
              h('td', null, u.gates.join(', ') || t('all')),
            ),
          ),
        ),
      ),
    ),
  ];
}

function render(): void {
  if (!api.user) return;
  mount(
    shell.main,
    h(
      'nav',
      { class: 'tabs' },
      h(
        'button',
        { type: 'button', class: tab === 'gates' ? 'on' : '', onclick: () => ((tab = 'gates'), render()) },
        t('gatesTab'),
      ),
      h(
        'button',
        { type: 'button', class: tab === 'officers' ? 'on' : '', onclick: () => ((tab = 'officers'), render()) },
        t('officersTab'),
      ),
    ),
    tab === 'gates' ? gates.map(gateCard) : officersView(),
  );
}

async function load(): Promise<void> {
  try {
    [gates, officers] = await Promise.all([api.get<GateView[]>('/gates'), api.get<User[]>('/users')]);
  } catch (e) {
    shell.toast((e as Error).message, 'err');
  }
  render();
}

function start(): void {
  if (!api.user) {
    renderLogin(shell.main, {
      api,
      roles: ['ADMIN'],
      title: t('loginTitle', { console: t('consoleAdmin') }),
      onLogin: () => (shell.refresh(), start()),
    });
    return;
  }
  void load();
}

onLangChange(render);
start();
