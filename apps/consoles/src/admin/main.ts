/// <reference lib="dom" />
import { ASSIGNABLE_ROLES } from '../../../../libs/domain/src/access/permissions.js';
import type { Direction } from '../../../../libs/domain/src/identifiers/reference-data.js';
import { Api, ApiError, type User } from '../shared/api.js';
import { asyncHandler, dataTable, h, mount } from '../shared/dom.js';
import { clearFieldErrors, showServerErrors } from '../shared/field-errors.js';
import { fieldLabel, fmtLocalDate, settingValue } from '../shared/field-labels.js';
import { fmtDateTime, fmtNumber, localInputToIso } from '../shared/format.js';
import { label, onLangChange, t, type MessageKey } from '../shared/i18n.js';
import { renderLogin } from '../shared/login.js';
import { feesView } from './fees.js';
import { ask, createShell } from '../shared/shell.js';
import type { GateView } from '../shared/declarations.js';
import type { EtaAccuracyView } from '../../../yard-queue/src/eta/dto/eta-accuracy.dto.js';
import type { GateChangePreview, GateHistoryEntry } from '../../../yard-queue/src/gates/dto/gate-change.dto.js';
import { statsDashboard } from './stats.js';

// The gate administration office: hours, windows, capacity, daily caps and priority share per gate and
// direction; suspension and resumption with a reason; officer accounts and the gates they work at.

const api = new Api('admin');
const shell = createShell({ title: 'consoleAdmin', api, live: false, onLogout: () => location.reload() });
api.onSessionLost = () => location.reload();
let tab: 'gates' | 'officers' | 'fees' | 'stats' = 'gates';
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
    closedDatesEditor(d, s.closedDates),
    dailyCapsEditor(d, s.dailyCaps),
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

/** A removable line of a date list (closed dates, per-date caps). */
function dayItem(day: string, text: string, attrs: Record<string, string>): HTMLElement {
  const li: HTMLLIElement = h(
    'li',
    attrs,
    text,
    ' ',
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        'aria-label': t('removeItem', { what: text }),
        onclick: (): void => li.remove(),
      },
      '✕',
    ),
  );
  return li;
}

/** Holidays (Tết…) the lane is closed all day: listed with a remove button, a date picker to add one. */
function closedDatesEditor(d: Direction, days: string[]): HTMLElement {
  const list = h(
    'ul',
    { class: 'days', 'data-testid': `closed-${d}` },
    [...days].sort().map((day) => dayItem(day, fmtLocalDate(day), { 'data-closed': day })),
  );
  const input = h('input', { type: 'date', name: `${d}.closedAdd`, 'aria-label': `${t('closedDates')} — ${t('day')}` });
  const add = () => {
    const day = input.value;
    if (!day || list.querySelector(`[data-closed="${day}"]`)) return;
    list.append(dayItem(day, fmtLocalDate(day), { 'data-closed': day }));
    input.value = '';
  };
  return h(
    'fieldset',
    { class: 'dates', 'data-field': `directions.${d}.closedDates` },
    h('legend', null, t('closedDates')),
    list,
    h('div', { class: 'row' }, input, h('button', { type: 'button', onclick: add }, t('addDate'))),
  );
}

/** Per-day overrides of the daily cap (the eve of Tết…). */
function dailyCapsEditor(d: Direction, caps: Record<string, number>): HTMLElement {
  const item = (day: string, cap: number) =>
    dayItem(day, `${fmtLocalDate(day)}: ${fmtNumber(cap)}`, { 'data-cap-day': day, 'data-cap': String(cap) });
  const list = h(
    'ul',
    { class: 'days', 'data-testid': `caps-${d}` },
    Object.keys(caps)
      .sort()
      .map((day) => item(day, caps[day])),
  );
  const day = h('input', { type: 'date', name: `${d}.capDay`, 'aria-label': `${t('dailyCaps')} — ${t('day')}` });
  const cap = h('input', {
    type: 'number',
    name: `${d}.capValue`,
    min: 0,
    'aria-label': `${t('dailyCaps')} — ${t('cap')}`,
  });
  const add = () => {
    if (!day.value || cap.value === '') return;
    list.querySelector(`[data-cap-day="${day.value}"]`)?.remove();
    list.append(item(day.value, Number(cap.value)));
    day.value = cap.value = '';
  };
  return h(
    'fieldset',
    { class: 'dates', 'data-field': `directions.${d}.dailyCaps` },
    h('legend', null, t('dailyCaps')),
    list,
    h('div', { class: 'row' }, day, cap, h('button', { type: 'button', onclick: add }, t('addCap'))),
  );
}

function readSchedule(
  f: HTMLFormElement,
  d: Direction,
  current: GateView['directions'][Direction],
): Record<string, unknown> {
  const v = (n: string) => (f.elements.namedItem(`${d}.${n}`) as HTMLInputElement).value.trim();
  const openingHours: Record<string, { open: string; close: string } | null> = {};
  for (const wd of [0, 1, 2, 3, 4, 5, 6]) {
    const closed = (f.elements.namedItem(`${d}.h${wd}.closed`) as HTMLInputElement).checked;
    openingHours[wd] = closed ? null : { open: v(`h${wd}.open`), close: v(`h${wd}.close`) };
  }
  const closedDates = [...f.querySelectorAll<HTMLElement>(`[data-testid=closed-${d}] [data-closed]`)].map(
    (li) => li.dataset.closed!,
  );
  // A cap taken off the list is sent as null (the API removes it); the others as they are now.
  const dailyCaps: Record<string, number | null> = Object.fromEntries(
    Object.keys(current.dailyCaps).map((k) => [k, null]),
  );
  for (const li of f.querySelectorAll<HTMLElement>(`[data-testid=caps-${d}] [data-cap-day]`))
    dailyCaps[li.dataset.capDay!] = Number(li.dataset.cap);
  return {
    closedDates,
    dailyCaps,
    windowMinutes: Number(v('windowMinutes')),
    capacityPerHour: Number(v('capacityPerHour')),
    dailyCap: v('dailyCap') === '' ? null : Number(v('dailyCap')),
    priorityShare: Number(v('priorityShare')) / 100,
    releaseLeadMinutes: Number(v('releaseLeadMinutes')),
    openingHours,
  };
}

const YARD_PARTS = ['code', 'names.vi', 'names.zh', 'names.en'] as const;
const YARD_PART_LABELS: Record<(typeof YARD_PARTS)[number], MessageKey> = {
  code: 'yardCode',
  'names.vi': 'yardNameVi',
  'names.zh': 'yardNameZh',
  'names.en': 'yardNameEn',
};

/** The gate's waiting yards a declaration picks from: a row per yard (code, names in vi/zh/en), added and removed. */
function yardsEditor(g: GateView): HTMLElement {
  const row = (y: GateView['yards'][number] | null) => {
    const value = (part: (typeof YARD_PARTS)[number]) =>
      !y ? '' : part === 'code' ? y.code : y.names[part.slice(6) as 'vi' | 'zh' | 'en'];
    const li: HTMLElement = h(
      'li',
      { class: 'row', 'data-yard-row': '' },
      YARD_PARTS.map((part) =>
        h(
          'label',
          null,
          t(YARD_PART_LABELS[part]),
          h('input', {
            'data-part': part,
            value: value(part),
            required: true,
            ...(part === 'code' ? { autocapitalize: 'characters', placeholder: 'HUU_NGHI_CHO' } : {}),
          }),
        ),
      ),
      h('button', { type: 'button', class: 'link', onclick: () => li.remove() }, t('remove')),
    );
    return li;
  };
  const list = h('ul', { class: 'yards', 'data-testid': `yards-${g.code}` }, g.yards.map(row));
  return h(
    'fieldset',
    { class: 'yards', 'data-field': 'yards' },
    h('legend', null, t('waitingYards')),
    list,
    h('button', { type: 'button', 'data-testid': 'add-yard', onclick: () => list.append(row(null)) }, t('addYard')),
  );
}

/** The yards as the editor holds them, in order; each input named by its path, so the server's errors land on it. */
function readYards(f: HTMLFormElement): { code: string; names: { vi: string; zh: string; en: string } }[] {
  return [...f.querySelectorAll<HTMLElement>('[data-yard-row]')].map((li, i) => {
    const v = (part: (typeof YARD_PARTS)[number]) => {
      const input = li.querySelector<HTMLInputElement>(`[data-part="${part}"]`)!;
      input.dataset.field = `yards[${i}].${part}`;
      return input.value.trim();
    };
    return { code: v('code').toUpperCase(), names: { vi: v('names.vi'), zh: v('names.zh'), en: v('names.en') } };
  });
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
      num('delayAttributionMinutes', 'delayAttributionMinutes', g.delayAttributionMinutes, 'delayAttribution', {
        min: 1,
        max: 1440,
        required: true,
      }),
      num('callReachMinutes', 'callReachMinutes', g.callReachMinutes, 'callReach', { min: 1, max: 1440 }),
    ),
    yardsEditor(g),
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
      const callReach = (f.elements.namedItem('callReachMinutes') as HTMLInputElement).value.trim();
      const body = {
        autoAccept: (f.elements.namedItem('autoAccept') as HTMLInputElement).checked,
        graceMinutes: Number((f.elements.namedItem('graceMinutes') as HTMLInputElement).value),
        noShowPenaltyMinutes: Number((f.elements.namedItem('noShowPenaltyMinutes') as HTMLInputElement).value),
        delayAttributionMinutes: Number((f.elements.namedItem('delayAttributionMinutes') as HTMLInputElement).value),
        // Empty: the deployment's default time.
        callReachMinutes: callReach === '' ? null : Number(callReach),
        yards: readYards(f),
        directions: {
          EXPORT: readSchedule(f, 'EXPORT', g.directions.EXPORT),
          IMPORT: readSchedule(f, 'IMPORT', g.directions.IMPORT),
        },
      };
      try {
        // Nothing is saved before the administrator has seen what the change does to the waiting trucks.
        const preview = await api.post<GateChangePreview>(`/gates/${g.code}/preview`, body);
        if (!(await confirmImpact(g, preview, t('confirmSave')))) return;
        await api.patch(`/gates/${g.code}`, body);
        shell.toast(`${g.name}: ${t('saved')}`);
        await load();
      } catch (err) {
        const rest = err instanceof ApiError ? showServerErrors(form, err.errors) : [];
        error.textContent = [
          err instanceof Error ? err.message : String(err),
          ...rest.map((r) => `${fieldLabel(r.field)}: ${r.message}`),
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
      const body = { reason: v.reason, ...(v.until ? { until: localInputToIso(v.until) } : {}) };
      const preview = await api.post<GateChangePreview>(`/gates/${g.code}/suspend/preview`, body);
      if (!(await confirmImpact(g, preview, t('confirmSuspend')))) return;
      await api.post(`/gates/${g.code}/suspend`, body);
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
    historyView(g),
    etaAccuracyView(g),
  );
}

/** How the estimates shown at this gate fared once the trucks were called: the last day and the last week. */
function etaAccuracyView(g: GateView): HTMLElement {
  const body = h('div', null, h('p', { class: 'muted' }, t('loading')));
  const pct = (x: number | null) => (x === null ? t('none') : `${fmtNumber(Math.round(x * 100))} %`);
  const hours = (x: number | null) =>
    x === null ? t('none') : `${fmtNumber(Math.round(x * 10) / 10)} ${t('hoursShort')}`;
  const details = h(
    'details',
    { class: 'history', 'data-testid': 'eta-accuracy' },
    h('summary', null, t('etaAccuracy')),
    body,
  );
  details.addEventListener(
    'toggle',
    asyncHandler(async () => {
      if (!details.open) return;
      try {
        const rows = (await api.get<EtaAccuracyView[]>('/eta/accuracy')).filter((r) => r.gate === g.code);
        mount(
          body,
          h('p', { class: 'muted' }, t('etaAccuracyHint')),
          rows.length
            ? dataTable({
                columns: [
                  { head: t('direction'), cell: (r) => label('dir', r.direction) },
                  { head: t('etaPeriod'), cell: (r) => t(r.period === 'day' ? 'etaDay' : 'etaWeek') },
                  { head: t('etaScored'), cell: (r) => fmtNumber(r.scored) },
                  { head: t('etaCoverage'), cell: (r) => pct(r.coverage) },
                  { head: t('etaError'), cell: (r) => hours(r.medianAbsErrorHours) },
                  { head: t('etaBias'), cell: (r) => hours(r.biasHours) },
                ],
                rows,
                rowAttrs: (r) => ({ 'data-direction': r.direction, 'data-period': r.period }),
              })
            : h('p', { class: 'muted' }, t('etaAccuracyEmpty')),
        );
      } catch (err) {
        mount(body, h('p', { class: 'error' }, (err as Error).message));
      }
    }),
  );
  return details;
}

/** The impact of a change, in words: "227 xe được xếp lại; xe cuối chuyển sang 02/12 09:30". */
function impactLines(p: GateChangePreview): string[] {
  const lines: string[] = [];
  for (const d of ['EXPORT', 'IMPORT'] as const) {
    const lane = p.impact[d];
    if (!lane || lane.reslotted === 0) continue;
    const dir = label('dir', d);
    const n = fmtNumber(lane.reslotted);
    lines.push(
      lane.lastWindowAfter && lane.lastWindowAfter !== lane.lastWindowBefore
        ? t('impactLane', { dir, n, last: fmtDateTime(lane.lastWindowAfter) })
        : t('impactLaneSame', { dir, n }),
    );
    if (lane.unslotted) lines.push(t('impactUnslotted', { n: fmtNumber(lane.unslotted) }));
  }
  return lines.length ? lines : [t('impactNone')];
}

/** Shows what the change does before anything is saved; resolves true when the administrator confirms. */
function confirmImpact(g: GateView, p: GateChangePreview, okLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dlg = h(
      'dialog',
      { 'data-testid': 'impact', 'aria-labelledby': 'impact-title' },
      h('h2', { id: 'impact-title' }, t('previewTitle', { gate: g.name })),
      h(
        'ul',
        { class: 'impact', 'data-testid': 'impact-lines' },
        impactLines(p).map((l) => h('li', null, l)),
      ),
      p.changes.length
        ? h(
            'ul',
            { class: 'changes' },
            p.changes.map((c) =>
              h(
                'li',
                null,
                `${fieldLabel(c.field)}: ${settingValue(c.field, c.before)} → ${settingValue(c.field, c.after)}`,
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('previewNoChange')),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', class: 'primary', onclick: () => done(true) }, okLabel),
        h('button', { type: 'button', onclick: () => done(false) }, t('cancel')),
      ),
    );
    const done = (ok: boolean) => {
      dlg.close();
      dlg.remove();
      resolve(ok);
    };
    dlg.addEventListener('cancel', () => done(false));
    document.body.appendChild(dlg);
    dlg.showModal();
    dlg.querySelector<HTMLButtonElement>('button.primary')?.focus();
  });
}

/** Who changed the gate's settings, when, from what to what, and how many trucks it moved: read when opened. */
function historyView(g: GateView): HTMLElement {
  const body = h('div', null, h('p', { class: 'muted' }, t('loading')));
  const who = (e: GateHistoryEntry) =>
    officers.find((u) => u.id === e.actorId)?.email ??
    (e.actorId === api.user?.id ? api.user.email : label('role', e.actorRole));
  const what = (e: GateHistoryEntry) => [
    h('strong', null, label('act', e.action)),
    e.reason ? ` — ${e.reason}` : '',
    (e.changes ?? [])
      .filter((c) => c.field !== 'suspension')
      .map((c) =>
        h(
          'div',
          null,
          `${fieldLabel(c.field)}: ${settingValue(c.field, c.before)} → ${settingValue(c.field, c.after)}`,
        ),
      ),
  ];
  const details = h('details', { class: 'history', 'data-testid': 'history' }, h('summary', null, t('history')), body);
  details.addEventListener(
    'toggle',
    asyncHandler(async () => {
      if (!details.open) return;
      try {
        const rows = await api.get<GateHistoryEntry[]>(`/gates/${g.code}/history`);
        mount(
          body,
          rows.length
            ? dataTable({
                columns: [
                  { head: t('historyWhen'), cell: (e) => fmtDateTime(e.at) },
                  { head: t('historyWho'), cell: who },
                  { head: t('historyWhat'), cell: what },
                  {
                    head: t('historyMoved'),
                    cell: (e) => (e.reslotted === null ? t('none') : fmtNumber(e.reslotted)),
                  },
                ],
                rows,
                rowAttrs: (e) => ({ 'data-action': e.action }),
              })
            : h('p', { class: 'muted' }, t('historyEmpty')),
        );
      } catch (err) {
        mount(body, h('p', { class: 'error' }, (err as Error).message));
      }
    }),
  );
  return details;
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
    dataTable({
      columns: [
        { head: t('email'), cell: (u) => u.email },
        { head: t('fullName'), cell: (u) => u.fullName },
        { head: t('role'), cell: (u) => label('role', u.role) },
        { head: t('gates'), cell: (u) => u.gates.join(', ') || t('all') },
      ],
      rows: officers,
      attrs: { 'data-testid': 'officers' },
    }),
  ];
}

function statsTab(): HTMLElement {
  const box = h('div', { class: 'stats-dashboard' });
  statsDashboard(
    api,
    box,
    gates.map((g) => g.code),
  );
  return box;
}

function render(): void {
  if (!api.user) return;
  // Leadership reads the statistics only.
  if (api.user.role === 'LEADERSHIP') {
    mount(shell.main, statsTab());
    return;
  }
  const tabButton = (name: typeof tab, text: string) =>
    h('button', { type: 'button', class: tab === name ? 'on' : '', onclick: () => ((tab = name), render()) }, text);
  mount(
    shell.main,
    h(
      'nav',
      { class: 'tabs' },
      tabButton('gates', t('gatesTab')),
      tabButton('officers', t('officersTab')),
      tabButton('fees', t('feesTab')),
      tabButton('stats', t('statsTab')),
    ),
    tab === 'gates'
      ? gates.map(gateCard)
      : tab === 'officers'
        ? officersView()
        : tab === 'fees'
          ? feesView(api, gates, (m) => shell.toast(m))
          : statsTab(),
  );
}

async function load(): Promise<void> {
  try {
    [gates, officers] = await Promise.all([
      api.get<GateView[]>('/gates'),
      api.user?.role === 'LEADERSHIP' ? Promise.resolve([]) : api.get<User[]>('/users'),
    ]);
  } catch (e) {
    shell.toast((e as Error).message, 'err');
  }
  render();
}

function start(): void {
  if (!api.user) {
    renderLogin(shell.main, {
      api,
      roles: ['ADMIN', 'LEADERSHIP'],
      title: t('loginTitle', { console: t('consoleAdmin') }),
      onLogin: () => (shell.refresh(), start()),
    });
    return;
  }
  void load();
}

onLangChange(render);
start();
