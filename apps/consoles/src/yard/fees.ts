/// <reference lib="dom" />
import type { FeeAccountView } from '../../../yard-queue/src/fees/dto/fees.dto.js';
import { ApiError } from '../shared/api.js';
import { h, mount } from '../shared/dom.js';
import { formatVnd } from '../shared/fees.js';
import { fmtDateTime } from '../shared/format.js';
import { label, t } from '../shared/i18n.js';
import type { OfficerContext } from '../shared/officer.js';

// The infrastructure fee at the yard entrance: the operator finds the truck (or has just checked it in),
// sees what it owes as its declaration priced it, and records the payment with the receipt number, or a
// refund with its reason. The amount is never typed for a payment: the declaration decided it.

let counter = 0;

/** A persistent panel: re-rendering the console around it never takes the operator's typing away. */
export function createFeePanel(ctx: OfficerContext): { el: HTMLElement; show: (vehicleId: string) => void } {
  const results = h('div', { 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const plate = h('input', {
    id: 'fees-plate',
    name: 'plate',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    placeholder: '12C-123.45',
  });
  const find = h(
    'form',
    { class: 'fees-find row', 'data-testid': 'fees-find' },
    h('label', { for: 'fees-plate' }, t('feeFind')),
    plate,
    h('button', { type: 'submit' }, t('boardFindGo')),
  );
  const fail = (e: unknown) => {
    error.textContent = e instanceof ApiError ? e.message : String(e);
    error.hidden = false;
  };
  const showAccounts = (accounts: FeeAccountView[], searched?: string) => {
    error.hidden = true;
    mount(
      results,
      accounts.length
        ? accounts.map((a) => account(a))
        : h('p', { class: 'muted' }, t('feeNotFound', { plate: searched ?? '' })),
    );
  };
  const load = async (path: string, searched?: string) => {
    try {
      const r = await ctx.api.get<FeeAccountView | FeeAccountView[]>(path);
      showAccounts(Array.isArray(r) ? r : [r], searched);
    } catch (e) {
      fail(e);
    }
  };
  find.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = plate.value.trim();
    if (p) void load(`/fees/vehicles?gate=${encodeURIComponent(ctx.gate)}&plate=${encodeURIComponent(p)}`, p);
  });

  function account(a: FeeAccountView): HTMLElement {
    const n = ++counter;
    const send = async (path: string, body: object, button: HTMLButtonElement) => {
      button.disabled = true;
      try {
        const updated = await ctx.api.post<FeeAccountView>(path, body);
        showAccounts([updated]);
      } catch (e) {
        fail(e);
      } finally {
        button.disabled = false;
      }
    };
    const p = a.payment;
    let action: HTMLElement | null = null;
    if (!p && a.dueVnd !== null && a.status === 'ACCEPTED') {
      const method = h(
        'select',
        { id: `fees-method-${n}`, name: 'method' },
        (['CASH', 'TRANSFER'] as const).map((m) => h('option', { value: m }, label('pay', m))),
      );
      const receipt = h('input', {
        id: `fees-receipt-${n}`,
        name: 'receiptNumber',
        required: true,
        autocomplete: 'off',
      });
      const button = h('button', { type: 'submit', class: 'primary' }, t('feeRecordPayment'));
      action = h(
        'form',
        { class: 'fees-pay', 'data-testid': 'fees-pay' },
        h('label', { for: `fees-method-${n}` }, t('feeMethod')),
        method,
        h('label', { for: `fees-receipt-${n}` }, t('feeReceipt')),
        receipt,
        button,
      );
      action.addEventListener('submit', (e) => {
        e.preventDefault();
        void send(
          `/fees/vehicles/${a.vehicleId}/payment`,
          { method: method.value, receiptNumber: receipt.value },
          button,
        );
      });
    } else if (p && p.refundedVnd < p.amountVnd) {
      const amount = h('input', {
        id: `fees-refund-${n}`,
        name: 'amountVnd',
        type: 'number',
        inputmode: 'numeric',
        min: 1,
        max: p.amountVnd - p.refundedVnd,
        step: 1,
        value: p.amountVnd - p.refundedVnd,
      });
      const reason = h('input', { id: `fees-reason-${n}`, name: 'reason', required: true, minlength: 3 });
      const button = h('button', { type: 'submit', class: 'danger' }, t('feeRefund'));
      action = h(
        'form',
        { class: 'fees-refund', 'data-testid': 'fees-refund' },
        h('label', { for: `fees-refund-${n}` }, t('feeRefundAmount')),
        amount,
        h('label', { for: `fees-reason-${n}` }, t('reason')),
        reason,
        button,
      );
      action.addEventListener('submit', (e) => {
        e.preventDefault();
        void send(
          `/fees/vehicles/${a.vehicleId}/refunds`,
          { amountVnd: Number(amount.value), reason: reason.value },
          button,
        );
      });
    }
    return h(
      'article',
      { class: 'fees-account', 'data-plate': a.plate, 'data-testid': 'fees-account' },
      h('p', null, h('b', { class: 'plate' }, a.plate), ` · ${a.firmName}`),
      a.status !== 'ACCEPTED' ? h('p', { class: 'muted' }, t('feeWithdrawn')) : null,
      h(
        'p',
        { class: 'fees-due', 'data-fee': a.dueVnd ?? '' },
        `${t('feeDue')}: `,
        a.dueVnd === null ? t('feeNoRate') : `${formatVnd(a.dueVnd)} · ${label('fee', a.feeClass)}`,
      ),
      p
        ? h(
            'p',
            { class: 'fees-paid', 'data-receipt': p.receiptNumber },
            t('feePaidLine', {
              amount: formatVnd(p.amountVnd),
              method: label('pay', p.method),
              receipt: p.receiptNumber,
              time: fmtDateTime(p.paidAt),
            }),
          )
        : a.dueVnd !== null
          ? h('p', { class: 'fees-unpaid' }, t('feeUnpaid', { amount: formatVnd(a.dueVnd) }))
          : null,
      a.refunds.map((r) =>
        h(
          'p',
          { class: 'fees-refunded small' },
          t('feeRefundLine', { amount: formatVnd(r.amountVnd), time: fmtDateTime(r.refundedAt), reason: r.reason }),
        ),
      ),
      action,
    );
  }

  const el = h(
    'section',
    { class: 'card fees-panel', 'data-testid': 'fees-panel' },
    h('h2', null, t('feeCollect')),
    find,
    error,
    results,
  );
  return { el, show: (vehicleId) => void load(`/fees/vehicles/${vehicleId}`) };
}
