/// <reference lib="dom" />
import { FEE_CLASSES } from '../../../../libs/domain/src/identifiers/reference-data.js';
import type { TariffRowView } from '../../../declaration/src/fees/dto/fee-tariff.dto.js';
import type { DailyFeeReport } from '../../../yard-queue/src/fees/dto/fees.dto.js';
import { type Api, ApiError } from '../shared/api.js';
import type { GateView } from '../shared/declarations.js';
import { asyncHandler, type Column, dataTable, h, mount } from '../shared/dom.js';
import { clearFieldErrors, showServerErrors } from '../shared/field-errors.js';
import { fmtLocalDate } from '../shared/field-labels.js';
import { formatVnd } from '../shared/fees.js';
import { label, t } from '../shared/i18n.js';

// The fees tab of the administration: the dated tariff (rows are added, never edited) and the daily fee
// report of a gate, by vehicle class, with its CSV.

/** Today in Vietnam (UTC+7 all year), 'YYYY-MM-DD'. */
const todayLocal = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

function tariffTable(rows: TariffRowView[]): HTMLElement {
  return dataTable({
    columns: [
      { head: t('feeClassCol'), cell: (r) => label('fee', r.feeClass) },
      { head: t('feeEffectiveFrom'), cell: (r) => fmtLocalDate(r.effectiveFrom) },
      { head: t('feeAmountVnd'), cell: (r) => formatVnd(r.amountVnd), cls: 'num' },
      { head: t('feeSource'), cell: (r) => r.source, cls: 'small' },
      { head: t('feeCurrent'), cell: (r) => (r.current ? '✓' : '') },
    ],
    rows,
    rowAttrs: (r) => ({ 'data-fee-class': r.feeClass, 'data-effective-from': r.effectiveFrom }),
    attrs: { class: 'fees-tariff', 'data-testid': 'fees-tariff' },
    caption: t('feeTariff'),
  });
}

function addRowForm(api: Api, onAdded: (rows: TariffRowView[]) => void): HTMLElement {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const field = (id: string, key: Parameters<typeof t>[0], input: HTMLElement) =>
    h('label', { for: id }, t(key), input);
  const form = h(
    'form',
    { class: 'card fees-add', 'data-testid': 'fees-add', novalidate: true },
    h('h3', null, t('feeAddRow')),
    h('p', { class: 'muted small' }, t('feeAddHint')),
    h(
      'div',
      { class: 'grid' },
      field(
        'fees-class',
        'feeClassCol',
        h(
          'select',
          { id: 'fees-class', name: 'feeClass', 'data-field': 'feeClass' },
          FEE_CLASSES.map((c) => h('option', { value: c }, label('fee', c))),
        ),
      ),
      field(
        'fees-from',
        'feeEffectiveFrom',
        h('input', {
          id: 'fees-from',
          name: 'effectiveFrom',
          'data-field': 'effectiveFrom',
          type: 'date',
          required: true,
        }),
      ),
      field(
        'fees-amount',
        'feeAmountVnd',
        h('input', {
          id: 'fees-amount',
          name: 'amountVnd',
          'data-field': 'amountVnd',
          type: 'number',
          inputmode: 'numeric',
          min: 1,
          step: 1,
          required: true,
        }),
      ),
      field(
        'fees-source',
        'feeSource',
        h('input', { id: 'fees-source', name: 'source', 'data-field': 'source', required: true }),
      ),
    ),
    error,
    h('button', { type: 'submit', class: 'primary' }, t('feeAddRow')),
  );
  form.addEventListener(
    'submit',
    asyncHandler(async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      error.hidden = true;
      const val = (n: string) => (form.elements.namedItem(n) as HTMLInputElement).value.trim();
      try {
        const rows = await api.post<TariffRowView[]>('/fees/tariff', {
          feeClass: val('feeClass'),
          effectiveFrom: val('effectiveFrom'),
          amountVnd: Number(val('amountVnd')),
          source: val('source'),
        });
        onAdded(rows);
      } catch (err) {
        const rest = err instanceof ApiError ? showServerErrors(form, err.errors) : [];
        error.textContent = [err instanceof Error ? err.message : String(err), ...rest.map((r) => r.message)].join(
          ' — ',
        );
        error.hidden = false;
      }
    }),
  );
  return form;
}

function reportTable(r: DailyFeeReport): HTMLElement {
  type Line = DailyFeeReport['totals'];
  const num = (head: string, cell: Column<Line>['cell']): Column<Line> => ({ head, cell, cls: 'num' });
  const figures = [
    num(t('feePayments'), (l) => l.payments),
    num(t('feeCash'), (l) => formatVnd(l.cashVnd)),
    num(t('feeTransfer'), (l) => formatVnd(l.transferVnd)),
    num(t('feePaid'), (l) => formatVnd(l.paidVnd)),
    num(t('feeRefunds'), (l) => l.refunds),
    num(t('feeRefunded'), (l) => formatVnd(l.refundedVnd)),
    num(t('feeNet'), (l) => h('b', null, formatVnd(l.netVnd))),
  ];
  return dataTable<DailyFeeReport['lines'][number]>({
    columns: [{ head: t('feeClassCol'), cell: (l) => label('fee', l.feeClass) }, ...figures],
    rows: r.lines,
    rowAttrs: (l) => ({ 'data-fee-class': l.feeClass }),
    attrs: { class: 'fees-report', 'data-testid': 'fees-report', 'data-net': r.totals.netVnd },
    caption: `${t('feeReport')} · ${r.gate} · ${fmtLocalDate(r.date)}`,
    foot: h(
      'tr',
      null,
      h('th', null, t('feeSum')),
      figures.map((c) => h('td', { class: 'num' }, c.cell(r.totals))),
    ),
  });
}

function reportSection(api: Api, gates: GateView[], toast: (m: string) => void): HTMLElement {
  const out = h('div', { 'aria-live': 'polite' });
  const gate = h(
    'select',
    { id: 'fees-gate', name: 'gate' },
    gates.map((g) => h('option', { value: g.code }, g.name)),
  );
  const date = h('input', { id: 'fees-date', name: 'date', type: 'date', value: todayLocal(), required: true });
  const query = () => `gate=${encodeURIComponent(gate.value)}&date=${encodeURIComponent(date.value)}`;
  const csv = h('button', { type: 'button' }, t('feeCsv'));
  csv.addEventListener(
    'click',
    asyncHandler(async () => {
      try {
        const text = await api.getText(`/fees/reports/daily?${query()}&format=csv`);
        const a = h('a', {
          href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })),
          download: `phi-ha-tang-${gate.value}-${date.value}.csv`,
        });
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      } catch (e) {
        toast((e as Error).message);
      }
    }),
  );
  const form = h(
    'form',
    { class: 'row fees-report-form', 'data-testid': 'fees-report-form' },
    h('label', { for: 'fees-gate' }, t('gate')),
    gate,
    h('label', { for: 'fees-date' }, t('feeDate')),
    date,
    h('button', { type: 'submit', class: 'primary' }, t('feeShow')),
    csv,
  );
  form.addEventListener(
    'submit',
    asyncHandler(async (e) => {
      e.preventDefault();
      try {
        mount(out, reportTable(await api.get<DailyFeeReport>(`/fees/reports/daily?${query()}`)));
      } catch (err) {
        mount(out, h('p', { class: 'error', role: 'alert' }, (err as Error).message));
      }
    }),
  );
  return h('section', { class: 'card' }, h('h2', null, t('feeReport')), form, out);
}

/** The fees tab: loads the tariff once shown, and keeps its own state across the console's re-renders. */
export function feesView(api: Api, gates: GateView[], toast: (m: string) => void): HTMLElement {
  const tariff = h('div', null, h('p', { class: 'muted' }, t('loading')));
  const show = (rows: TariffRowView[]) => mount(tariff, tariffTable(rows));
  void api
    .get<TariffRowView[]>('/fees/tariff')
    .then(show)
    .catch((e: Error) => mount(tariff, h('p', { class: 'error', role: 'alert' }, e.message)));
  return h(
    'div',
    { class: 'fees-admin' },
    h(
      'section',
      { class: 'card' },
      tariff,
      addRowForm(api, (rows) => {
        show(rows);
        toast(t('feeAdded'));
      }),
    ),
    reportSection(api, gates, toast),
  );
}
