/// <reference lib="dom" />
import { trackingPath } from '../../../../libs/auth/src/tracking-path.js';
import { ACTIVE_QUEUE_STATES, PRE_QUEUE_STATES } from '../../../../libs/domain/src/lifecycle/vehicle-states.js';
import { waitingYardName } from '../../../../libs/domain/src/slots/waiting-yards.js';
import type { DeclarationStatus } from '../../../../libs/domain/src/lifecycle/declaration-status.js';
import { firmAttentionRank } from '../../../../libs/domain/src/lifecycle/open-plate.js';
import { Api, ApiError, type Session } from '../shared/api.js';
import type { Declaration, DeclarationPage, GateView, VehicleView } from '../shared/declarations.js';
import { asyncHandler, h, mount } from '../shared/dom.js';
import { clearFieldErrors, showFieldError, showServerErrors } from '../shared/field-errors.js';
import { etaTitle, fmtDateTime, fmtEta, fmtNumber, fmtTime, fmtWindow } from '../shared/format.js';
import { label, lang, onLangChange, t } from '../shared/i18n.js';
import { askedInWords } from '../shared/correction.js';
import { feeText, formatVnd } from '../shared/fees.js';
import { openFirmFeed } from '../shared/live.js';
import type { DeclarationUpdateKind, DeclarationUpdateMessage } from '../../../../libs/live-client/src/protocol.js';
import { renderLogin } from '../shared/login.js';
import { createShell } from '../shared/shell.js';
import { renderBook } from './book.js';
import { clearDraft, loadDraft, newIdempotencyKey, saveDraft } from './draft.js';
import { emptyDeclaration, fromDeclaration, renderDeclarationForm } from './form.js';
import { renderForgot, renderReset } from './password-reset.js';
import { REGISTER_RULES } from './rules.js';
import { shareSlip, slip } from './slip.js';
import { renderWebhooks, webhooksLink } from './webhooks.js';

// The firm portal, phone first: declarations with each vehicle's live status, slot, position and ETA
// range; filing, amending, cancelling; answering correction requests; the printable slot slip.

const api = new Api('firm');
const forgetKept = () => navigator.serviceWorker?.controller?.postMessage('signed-out');
const shell = createShell({ title: 'consoleFirm', api, chinese: true, onLogout: () => (forgetKept(), go('#/')) });
let gates: GateView[] = [];
let page = 1;
let list: DeclarationPage | null = null;
let current: Declaration | null = null;
const lastStatus = new Map<string, string>();
let feed: ReturnType<typeof openFirmFeed> | null = null;

const go = (hash: string) => {
  if (location.hash === hash) void route();
  else location.hash = hash;
};
const gateName = (code: string) => gates.find((g) => g.code === code)?.name ?? code;
/** The declaration's waiting yard named in the page's language (a yard typed before the lists: as it was typed). */
const yardName = (d: Declaration) => waitingYardName(gates.find((g) => g.code === d.gate)?.yards ?? [], d.yard, lang());
/** The gate's suspension when one is in force: shown instead of an estimate the gate cannot keep. */
const suspensionAt = (code: string) => {
  const s = gates.find((g) => g.code === code)?.suspension;
  return s && new Date(s.from).getTime() <= Date.now() ? s : null;
};
const AMENDABLE: readonly string[] = PRE_QUEUE_STATES;
const LIVE = (v: VehicleView) => !['CANCELLED', 'REJECTED'].includes(v.status);

/** Tells the firm when one of its trucks is called or crosses (in-page, and a buzz on phones). */
function notice(vehicles: VehicleView[]): void {
  for (const v of vehicles) {
    const before = lastStatus.get(v.id);
    lastStatus.set(v.id, v.status);
    if (!before || before === v.status) continue;
    if (v.status === 'CALLED') {
      shell.toast(t('vehicleCalled', { plate: v.plate }));
      navigator.vibrate?.([200, 100, 200]);
    } else if (v.status === 'CROSSED') shell.toast(t('vehicleCrossed', { plate: v.plate }));
  }
}

const lastDecision = new Map<string, string>();
/** Tells the firm of customs' decisions on its declarations as they arrive (accepted, rejected, correction asked). */
function decisions(ds: Declaration[]): void {
  for (const d of ds) {
    const asked = d.correctionRequests?.some((c) => c.status === 'OPEN');
    const now = asked ? 'CORRECTION' : d.status;
    const before = lastDecision.get(d.id);
    lastDecision.set(d.id, now);
    if (!before || before === now) continue;
    if (now === 'ACCEPTED') shell.toast(t('decisionAccepted', { n: d.number }));
    else if (now === 'REJECTED') shell.toast(t('decisionRejected', { n: d.number }), 'err');
    else if (now === 'CORRECTION') shell.toast(t('decisionCorrection', { n: d.number }), 'err');
  }
}

const STATUS_AFTER: Partial<Record<DeclarationUpdateKind, DeclarationStatus>> = {
  submitted: 'SUBMITTED',
  accepted: 'ACCEPTED',
  rejected: 'REJECTED',
  cancelled: 'CANCELLED',
};

/** A decision that just arrived on the socket: the cards on screen show it now, the reload brings the details. */
/**
 * Decisions heard on the socket, with when they arrived: a reload that was already under way brings data from
 * before them, so they are shown again over what it draws until a reload started after them has come back.
 */
const heard = new Map<string, { m: DeclarationUpdateMessage; at: number }>();
/** When the request whose data is on screen was sent. */
let shownFrom = 0;

function reapplyHeard(): void {
  for (const [id, { m, at }] of heard) {
    if (at <= shownFrom) heard.delete(id);
    else applyDecision(m, false);
  }
}

function applyDecision(m: DeclarationUpdateMessage, fresh = true): void {
  if (fresh) heard.set(m.declarationId, { m, at: performance.now() });
  const status = STATUS_AFTER[m.kind];
  const number = document.querySelector(`article.decl[data-id="${m.declarationId}"]`)?.getAttribute('data-declaration');
  for (const card of document.querySelectorAll<HTMLElement>(`article.decl[data-id="${m.declarationId}"]`)) {
    const marks = status
      ? [card.querySelector<HTMLElement>('header [data-status]'), ...card.querySelectorAll<HTMLElement>('.vehicle-row')]
      : [];
    for (const el of marks) {
      if (!el || (el.classList.contains('vehicle-row') && !AMENDABLE.includes(el.dataset.status!))) continue;
      const mark = el.classList.contains('vehicle-row') ? el.querySelector<HTMLElement>('.st')! : el;
      el.dataset.status = status!;
      mark.dataset.status = status!;
      mark.className = `st st-${status}`;
      mark.textContent = label('st', status);
    }
    if (m.kind === 'correction_requested' && !card.querySelector('.notice'))
      card.querySelector('header')?.after(h('p', { class: 'notice' }, t('decisionCorrection', { n: number ?? '' })));
  }
  const now = m.kind === 'correction_requested' ? 'CORRECTION' : status;
  if (!fresh || !now || !number || lastDecision.get(m.declarationId) === now) return;
  lastDecision.set(m.declarationId, now);
  if (now === 'ACCEPTED') shell.toast(t('decisionAccepted', { n: number }));
  else if (now === 'REJECTED') shell.toast(t('decisionRejected', { n: number }), 'err');
  else if (now === 'CORRECTION') shell.toast(t('decisionCorrection', { n: number }), 'err');
}

/** What needs the firm first: a correction asked, a truck called or held, a rejection, a draft not yet filed. */
const attention = (d: Declaration) =>
  firmAttentionRank({
    status: d.status as DeclarationStatus,
    openCorrection: !!d.correctionRequests?.some((c) => c.status === 'OPEN'),
    vehicleStates: d.vehicles.map((v) => v.status),
  });

function vehicleRow(d: Declaration, v: VehicleView): HTMLElement {
  const q = v.queue;
  const inQueue = q && (ACTIVE_QUEUE_STATES as readonly string[]).includes(v.status);
  const eta = q?.eta ?? null;
  return h(
    'li',
    { class: 'vehicle-row', 'data-plate': v.plate, 'data-status': v.status },
    h('b', { class: 'plate' }, v.plate),
    ' ',
    h('span', { class: `st st-${v.status}`, 'data-status': v.status }, label('st', v.status)),
    inQueue
      ? h(
          'span',
          { class: 'slot' },
          `${t('window')} ${fmtWindow(q.window)}`,
          v.status === 'CHECKED_IN' && q.position ? ` · ${t('position')} ${q.position}` : '',
          v.status === 'CHECKED_IN'
            ? [
                ' · ',
                h('span', { class: 'eta', title: etaTitle(eta) }, `${t('eta')} ${fmtEta(eta, suspensionAt(d.gate))}`),
              ]
            : null,
        )
      : null,
    h(
      'span',
      { class: 'fees-due', 'data-fee': v.fee?.amountVnd ?? '' },
      `${t('feeDue')}: ${feeText(v.feeClass, v.fee)}`,
    ),
    v.slipCode ? h('a', { href: `#/slip/${d.id}/${v.id}`, class: 'slip-link' }, `${t('slip')} ›`) : null,
    v.slipCode
      ? h(
          'a',
          { href: trackingPath(v.slipCode), class: 'track-link', 'data-testid': 'track-link' },
          `${t('trackLink')} ›`,
        )
      : null,
    // A no-show the gate, an agency or a suspension caused: not held against the firm, and it reads why.
    inQueue && q.noShowWaiver
      ? h(
          'p',
          { class: 'ledger-waiver', 'data-testid': 'no-show-waiver' },
          h('b', null, `${t('noShowWaived')}: `),
          q.noShowWaiver.reasonText[lang()],
        )
      : null,
  );
}

/** What the declaration's live vehicles owe together (those without a rate yet are left out, and said so). */
function feeTotal(d: Declaration): HTMLElement | null {
  const live = d.vehicles.filter(LIVE);
  if (!live.length) return null;
  const priced = live.filter((v) => v.fee);
  const total = priced.reduce((s, v) => s + v.fee!.amountVnd, 0);
  return h(
    'p',
    { class: 'fees-total', 'data-fee-total': total },
    `${t('feeTotal')}: ${formatVnd(total)}`,
    priced.length < live.length ? ` (${t('feeNoRate')})` : '',
  );
}

function declarationCard(d: Declaration): HTMLElement {
  const open = d.correctionRequests?.find((c) => c.status === 'OPEN');
  return h(
    'article',
    { class: 'card decl', 'data-declaration': d.number, 'data-id': d.id },
    h(
      'header',
      null,
      h('a', { href: `#/d/${d.id}` }, h('b', null, d.number)),
      ' ',
      h('span', { class: `st st-${d.status}`, 'data-status': d.status }, label('st', d.status)),
      h(
        'div',
        { class: 'muted small' },
        `${gateName(d.gate)} · ${label('dir', d.direction)} · ${t('arrival')} ${fmtDateTime(d.expectedArrival)}`,
      ),
    ),
    open ? h('p', { class: 'notice' }, t('correctionRequested', { msg: open.message })) : null,
    h(
      'ul',
      { class: 'vehicles' },
      d.vehicles.map((v) => vehicleRow(d, v)),
    ),
  );
}

async function loadList(): Promise<void> {
  const sent = performance.now();
  try {
    list = await api.get<DeclarationPage>(`/declarations?page=${page}&pageSize=20`);
    shownFrom = sent;
    // Newest first within each level of attention (the server's order; the sort is stable).
    list.items.sort((a, b) => attention(a) - attention(b));
    decisions(list.items);
    // A suspension or a resumption reaches the firm's feed as a change: the gates say which.
    gates = await api.get<GateView[]>('/gates').catch(() => gates);
    notice(list.items.flatMap((d) => d.vehicles));
    feed?.report(true);
  } catch (e) {
    feed?.report(false);
    if (!list) shell.toast((e as Error).message, 'err');
  }
}

function renderList(): void {
  if (!api.user) return;
  const pages = list ? Math.max(1, Math.ceil(list.total / list.pageSize)) : 1;
  mount(
    shell.main,
    h(
      'div',
      { class: 'toolbar' },
      h('h2', null, t('myDeclarations')),
      h('span', { class: 'spacer' }),
      h('a', { href: '#/book', class: 'button', 'data-testid': 'book-link' }, t('bookLink')),
      webhooksLink(),
      h('a', { href: '#/new', class: 'button primary', 'data-testid': 'new-declaration' }, t('newDeclaration')),
    ),
    !list
      ? h('p', { class: 'muted' }, t('loading'))
      : list.items.length === 0
        ? h('p', { class: 'muted' }, t('noDeclarations'))
        : list.items.map(declarationCard),
    pages > 1
      ? h(
          'nav',
          { class: 'row pager' },
          h(
            'button',
            { type: 'button', disabled: page <= 1, onclick: () => ((page -= 1), void showList()) },
            t('prev'),
          ),
          h('span', null, t('page', { p: page, n: pages })),
          h(
            'button',
            { type: 'button', disabled: page >= pages, onclick: () => ((page += 1), void showList()) },
            t('next'),
          ),
        )
      : null,
    h(
      'p',
      { class: 'muted small' },
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          'data-testid': 'logout-everywhere',
          onclick: asyncHandler(async () => {
            if (!confirm(t('logoutEverywhereConfirm'))) return;
            await api.logoutEverywhere();
            forgetKept();
            shell.refresh();
            go('#/');
          }),
        },
        t('logoutEverywhere'),
      ),
    ),
  );
  reapplyHeard();
}

async function showList(): Promise<void> {
  renderList();
  await loadList();
  // A session lost meanwhile (revoked, say) has put the login form there: the list must not cover it.
  if (api.user && (location.hash === '' || location.hash === '#/')) renderList();
}

async function loadDetail(id: string): Promise<void> {
  const sent = performance.now();
  try {
    current = await api.get<Declaration>(`/declarations/${id}`);
    shownFrom = sent;
    notice(current.vehicles);
    decisions([current]);
    feed?.report(true);
  } catch (e) {
    if (e instanceof ApiError && e.status !== 0) {
      current = null;
      shell.toast(e.message, 'err');
    } else feed?.report(false);
  }
}

function renderDetail(): void {
  if (!api.user) return;
  const d = current;
  if (!d) return mount(shell.main, h('a', { href: '#/' }, t('back')));
  const liveVehicles = d.vehicles.filter(LIVE);
  const canAmend = liveVehicles.length > 0 && liveVehicles.every((v) => AMENDABLE.includes(v.status));
  const canCancel = canAmend;
  const act = async (b: HTMLButtonElement, path: string, body: unknown = {}) => {
    b.disabled = true;
    try {
      current = await api.post<Declaration>(`/declarations/${d.id}/${path}`, body);
      renderDetail();
    } catch (e) {
      shell.toast((e as Error).message, 'err');
    } finally {
      b.disabled = false;
    }
  };
  const corrections = d.correctionRequests ?? [];
  mount(
    shell.main,
    h('a', { href: '#/' }, t('back')),
    h(
      'article',
      { class: 'card decl detail', 'data-declaration': d.number, 'data-id': d.id },
      h(
        'header',
        null,
        h('h2', null, `${t('declaration')} ${d.number}`),
        h('span', { class: `st st-${d.status}`, 'data-status': d.status }, label('st', d.status)),
      ),
      h(
        'p',
        { class: 'muted' },
        `${gateName(d.gate)} · ${label('dirLong', d.direction)} · ${t('version', { n: d.version })}`,
      ),
      h(
        'p',
        { 'data-testid': 'declaration-yard' },
        `${t('arrival')}: ${fmtDateTime(d.expectedArrival)} · ${t('yardName')}: ${yardName(d)}`,
      ),
      d.decisionReason && d.status === 'REJECTED'
        ? h('p', { class: 'error' }, t('rejectedReason', { reason: d.decisionReason }))
        : null,
      corrections
        .filter((c) => c.status !== 'APPROVED')
        .map((c) =>
          h(
            'div',
            { class: 'notice', 'data-correction': c.status },
            h(
              'p',
              null,
              t('correctionRequested', { msg: c.message }),
              c.fields.length ? h('small', null, ` (${askedInWords(c.fields)})`) : null,
            ),
            c.status === 'OPEN' && canAmend
              ? h('a', { href: `#/d/${d.id}/amend/${c.id}`, class: 'button primary' }, t('answerCorrection'))
              : h('p', { class: 'muted small' }, t('correctionAnswered')),
          ),
        ),
      h('h3', null, t('vehicles')),
      h(
        'ul',
        { class: 'vehicles' },
        d.vehicles.map((v) => vehicleRow(d, v)),
      ),
      feeTotal(d),
      h('h3', null, t('goods')),
      h(
        'ul',
        null,
        d.goods.map((g) =>
          h(
            'li',
            null,
            `${g.customsDeclarationNumber} · ${label('cat', g.category)}: `,
            g.items.map((i) => `${i.description} (HS ${i.hsCode}, ${fmtNumber(i.grossWeightKg)} kg)`).join('; '),
          ),
        ),
      ),
      h(
        'div',
        { class: 'row' },
        d.status === 'DRAFT'
          ? h(
              'button',
              {
                type: 'button',
                class: 'primary',
                onclick: (e: Event) => void act(e.currentTarget as HTMLButtonElement, 'submit'),
              },
              t('submit'),
            )
          : null,
        canAmend ? h('a', { href: `#/d/${d.id}/amend`, class: 'button' }, t('amend')) : null,
        liveVehicles.some((v) => v.slipCode)
          ? h('a', { href: `#/slips/${d.id}`, class: 'button', 'data-testid': 'print-all' }, t('printAll'))
          : null,
        canCancel
          ? h(
              'button',
              {
                type: 'button',
                class: 'danger',
                onclick: (e: Event) => {
                  if (confirm(t('cancelConfirm', { n: d.number })))
                    void act(e.currentTarget as HTMLButtonElement, 'cancel');
                },
              },
              t('cancelDeclaration'),
            )
          : null,
      ),
    ),
  );
  reapplyHeard();
}

function renderRegister(): void {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const input = (name: string, key: Parameters<typeof t>[0], attrs: Record<string, unknown> = {}) =>
    h('label', null, t(key), h('input', { name, 'data-field': name, required: name !== 'fullName', ...attrs }));
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true, 'data-testid': 'register' },
    h('h2', null, t('register')),
    input('firmName', 'firmName', { autocomplete: 'organization' }),
    input('taxCode', 'taxCode', { inputmode: 'numeric', placeholder: '0101234567' }),
    input('email', 'email', { type: 'email', autocomplete: 'email' }),
    input('password', 'password', { type: 'password', autocomplete: 'new-password', minlength: 8 }),
    input('phone', 'phone', { type: 'tel', autocomplete: 'tel', placeholder: '0912 345 678' }),
    input('fullName', 'fullName', { autocomplete: 'name' }),
    error,
    h('button', { type: 'submit', class: 'primary' }, t('register')),
    h('p', null, h('a', { href: '#/' }, t('haveAccount'))),
  );
  const val = (n: string) => (form.querySelector(`[name=${n}]`) as HTMLInputElement).value;
  form.addEventListener('focusout', (e) => {
    const el = e.target as HTMLInputElement;
    const rule = REGISTER_RULES[el.name];
    if (rule && el.value) showFieldError(form, el.name, rule(el.value));
  });
  form.addEventListener('input', (e) => {
    const el = e.target as HTMLInputElement;
    const rule = REGISTER_RULES[el.name];
    if (rule && el.getAttribute('aria-invalid')) showFieldError(form, el.name, rule(el.value));
  });
  form.addEventListener(
    'submit',
    asyncHandler(async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      let bad = false;
      for (const [name, rule] of Object.entries(REGISTER_RULES)) {
        const m = rule(val(name));
        if (!m) continue;
        showFieldError(form, name, m);
        bad = true;
      }
      if (bad) return;
      try {
        const s = await api.request<Session>(
          'POST',
          '/auth/register',
          {
            firmName: val('firmName').trim(),
            taxCode: val('taxCode').trim(),
            email: val('email').trim(),
            password: val('password'),
            phone: val('phone').trim(),
            ...(val('fullName').trim() ? { fullName: val('fullName').trim() } : {}),
          },
          { auth: false },
        );
        api.setSession(s);
        shell.toast(t('registered'));
        shell.refresh();
        go('#/');
      } catch (err) {
        const rest = err instanceof ApiError ? showServerErrors(form, err.errors) : [];
        error.textContent = [(err as Error).message, ...rest.map((r) => r.message)].join(' — ');
        error.hidden = false;
      }
    }),
  );
  mount(shell.main, form);
}

async function route(): Promise<void> {
  const hash = location.hash.replace(/^#/, '') || '/';
  // An e-mailed reset link opens its form whoever is signed in here: the new password ends every session anyway.
  const reset = /^\/reset\/([\w-]+)$/.exec(hash);
  if (reset) {
    feed?.close();
    feed = null;
    return renderReset(shell.main, api, reset[1], () => {
      shell.refresh();
      shell.toast(t('resetDone'));
      go('#/');
    });
  }
  if (!api.user) {
    feed?.close();
    feed = null;
    shell.setConn(null);
    if (hash === '/register') return renderRegister();
    if (hash === '/forgot') return renderForgot(shell.main, api);
    return renderLogin(shell.main, {
      api,
      roles: ['FIRM'],
      title: t('loginTitle', { console: t('consoleFirm') }),
      onLogin: () => (shell.refresh(), void route()),
      footer: h(
        'p',
        { class: 'row' },
        h('a', { href: '#/forgot', 'data-testid': 'forgot-link' }, t('forgotLink')),
        h('a', { href: '#/register' }, t('noAccount')),
      ),
    });
  }
  if (!feed) {
    feed = openFirmFeed({ api });
    feed.onState((s, detail) => shell.setConn(s, detail));
    feed.onChange(() => void refreshView());
    feed.onDecision(applyDecision);
  }
  if (gates.length === 0) gates = await api.get<GateView[]>('/gates').catch(() => []);
  const parts = hash.split('/').filter(Boolean);
  if (parts[0] === 'webhooks') return renderWebhooks(shell.main, api);
  if (parts[0] === 'book') return renderBook(shell.main, api, (m, k) => shell.toast(m, k));
  if (parts[0] === 'new') return renderNew();
  if (parts[0] === 'd' && parts[1]) {
    if (current?.id !== parts[1]) current = null;
    if (!current) mount(shell.main, h('p', { class: 'muted' }, t('loading')));
    await loadDetail(parts[1]);
    if (parts[2] === 'amend' && current) {
      const d = current;
      return renderDeclarationForm(shell.main, {
        api,
        gates,
        model: fromDeclaration(d),
        amend: { declaration: d, correctionRequestId: parts[3] },
        onDone: (x) => ((current = x), go(`#/d/${x.id}`)),
        onCancel: () => go(`#/d/${d.id}`),
      });
    }
    return renderDetail();
  }
  if (parts[0] === 'slip' && parts[1] && parts[2]) {
    await loadDetail(parts[1]);
    return renderSlip(parts[2]);
  }
  if (parts[0] === 'slips' && parts[1]) {
    await loadDetail(parts[1]);
    return renderAllSlips();
  }
  await showList();
}

/** The new-declaration form, as it was left on this device (every field, and the key its filing goes under). */
function renderNew(): void {
  const userId = api.user!.id;
  const saved = loadDraft(userId);
  renderDeclarationForm(shell.main, {
    api,
    gates,
    model: saved?.model ?? emptyDeclaration(gates[0]?.code),
    draft: {
      key: saved?.key ?? newIdempotencyKey(),
      save: (model, key) => saveDraft(userId, { key, model, savedAt: Date.now() }),
      clear: () => clearDraft(userId),
    },
    onOpenExisting: (id) => go(`#/d/${id}`),
    onDone: (d) => go(`#/d/${d.id}`),
    onCancel: () => go('#/'),
  });
  if (!saved) return;
  shell.main.prepend(
    h(
      'p',
      { class: 'notice row', 'data-testid': 'draft-restored' },
      t('draftRestored', { time: fmtTime(new Date(saved.savedAt).toISOString()) }),
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          onclick: () => {
            clearDraft(userId);
            renderNew();
          },
        },
        t('discardDraft'),
      ),
    ),
  );
}

function renderSlip(vehicleId: string): void {
  if (!api.user) return;
  const d = current;
  const v = d?.vehicles.find((x) => x.id === vehicleId);
  if (!d || !v) return mount(shell.main, h('a', { href: '#/' }, t('back')));
  const card = slip(d, v, v.queue?.eta ?? null, gateName(d.gate), yardName(d));
  mount(
    shell.main,
    h(
      'div',
      { class: 'row no-print' },
      h('a', { href: `#/d/${d.id}` }, t('back')),
      h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, t('print')),
      h(
        'button',
        { type: 'button', 'data-testid': 'share-slip', onclick: asyncHandler(() => shareSlip(card, v)) },
        t('shareSlip'),
      ),
    ),
    card,
  );
}

/** Every live truck's slip of a declaration, one printed page each. */
function renderAllSlips(): void {
  if (!api.user) return;
  const d = current;
  if (!d) return mount(shell.main, h('a', { href: '#/' }, t('back')));
  mount(
    shell.main,
    h(
      'div',
      { class: 'row no-print' },
      h('a', { href: `#/d/${d.id}` }, t('back')),
      h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, t('printAll')),
    ),
    d.vehicles
      .filter((v) => LIVE(v) && v.slipCode)
      .map((v) => slip(d, v, v.queue?.eta ?? null, gateName(d.gate), yardName(d))),
  );
}

/** A live change: reload what is on screen, but never under a form the firm is filling in. */
async function refreshView(): Promise<void> {
  const parts = (location.hash.replace(/^#/, '') || '/').split('/').filter(Boolean);
  if (parts.length === 0) {
    await loadList();
    if ((location.hash.replace(/^#/, '') || '/') === '/') renderList();
  } else if (parts[0] === 'd' && parts[1] && parts.length === 2) {
    await loadDetail(parts[1]);
    if (location.hash === `#/d/${parts[1]}`) renderDetail();
  } else if (parts[0] === 'slip' && parts[1] && parts[2]) {
    await loadDetail(parts[1]);
    if (location.hash === `#/slip/${parts[1]}/${parts[2]}`) renderSlip(parts[2]);
  }
}

// The header is cleared by the shell; the login form replaces whatever was loading (a view whose load was
// under way when the session ended does not draw itself over the form: each view returns when nobody is signed in).
api.onSessionLost = () => {
  // What the worker kept of this firm's declarations goes with the session.
  forgetKept();
  current = null;
  list = null;
  go('#/');
};
// Installable on a phone, with the app shell and the slips already seen available offline (sw.js, from the build).
navigator.serviceWorker?.register('/firm/sw.js', { scope: '/firm/' }).catch(() => undefined);
window.addEventListener('hashchange', () => void route());
onLangChange(() => {
  const hash = location.hash.replace(/^#/, '') || '/';
  // Forms keep what was typed: only views are redrawn in the new language.
  if (!api.user || hash === '/') void route();
  else if (/^\/d\/[^/]+$/.test(hash)) renderDetail();
  else if (hash.startsWith('/slip/')) renderSlip(hash.split('/')[3]);
  else if (hash.startsWith('/slips/')) renderAllSlips();
});
void route();
