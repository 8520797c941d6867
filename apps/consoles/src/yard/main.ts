/// <reference lib="dom" />
import { ApiError } from '../shared/api.js';
import { asyncHandler, h, mount } from '../shared/dom.js';
import { etaTitle, fmtEta, fmtTime, fmtWindow } from '../shared/format.js';
import { label, t } from '../shared/i18n.js';
import { startOfficerConsole, type OfficerContext } from '../shared/officer.js';
import { provincePicker } from './province-picker.js';
import { createFeePanel } from './fees.js';
import {
  congestionBadge,
  type Entry,
  priorityBadge,
  statusBadge,
  suspensionNotice,
  unreachedBadge,
} from '../shared/queue-ui.js';

// The yard entrance: a truck is checked in by its plate (any spelling) or by the QR code on its slot
// slip, scanned with the camera where the browser can (BarcodeDetector), else typed or sent by a scanner.

interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
declare global {
  interface Window {
    BarcodeDetector?: new (o: { formats: string[] }) => BarcodeDetectorLike;
  }
}

let mode: 'plate' | 'qr' = 'plate';
let last: { entry: Entry } | { error: string; fields: { field: string; message: string }[] } | null = null;
const recent: Entry[] = [];
let form: HTMLElement | null = null;
let stopScan: (() => void) | null = null;
let fees: ReturnType<typeof createFeePanel> | null = null;

async function checkIn(
  ctx: OfficerContext,
  body: { plate?: string; qr?: string },
  button: HTMLButtonElement,
): Promise<void> {
  button.disabled = true;
  try {
    const entry = await ctx.api.post<Entry>('/check-ins', { gate: ctx.gate, ...body });
    last = { entry };
    recent.unshift(entry);
    recent.splice(10);
    ctx.shell.toast(t('checkedIn', { plate: entry.plate }));
    // The fee is collected as the truck enters: its account opens beside the check-in.
    fees?.show(entry.vehicleId);
    form = null;
    ctx.feed.refresh();
  } catch (e) {
    last = e instanceof ApiError ? { error: e.message, fields: e.errors } : { error: String(e), fields: [] };
  } finally {
    button.disabled = false;
    render(ctx);
  }
}

function scanner(ctx: OfficerContext, onCode: (code: string) => void): HTMLElement {
  const Detector = window.BarcodeDetector;
  if (!Detector || !navigator.mediaDevices?.getUserMedia) return h('p', { class: 'muted small' }, t('noCamera'));
  const video = h('video', { playsinline: true, muted: true, class: 'scan', hidden: true });
  const button = h('button', { type: 'button' }, t('scanQr'));
  button.addEventListener(
    'click',
    asyncHandler(async () => {
      if (stopScan) return stopScan();
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        const detector = new Detector({ formats: ['qr_code'] });
        video.srcObject = stream;
        video.hidden = false;
        await video.play();
        let running = true;
        stopScan = () => {
          running = false;
          stream.getTracks().forEach((tr) => tr.stop());
          video.hidden = true;
          button.textContent = t('scanQr');
          stopScan = null;
        };
        button.textContent = t('stopScan');
        const loop = async () => {
          if (!running) return;
          const codes = await detector.detect(video).catch(() => []);
          if (codes[0]?.rawValue) {
            stopScan?.();
            onCode(codes[0].rawValue);
            return;
          }
          setTimeout(() => void loop(), 250);
        };
        void loop();
      } catch (e) {
        ctx.shell.toast((e as Error).message, 'err');
      }
    }),
  );
  return h('div', { class: 'scanner' }, button, video);
}

function checkInForm(ctx: OfficerContext): HTMLElement {
  const input = h('input', {
    name: mode,
    id: 'checkin-input',
    required: true,
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    placeholder: mode === 'plate' ? '12C-123.45 · 桂F12345 = GUI F12345' : 'CKS1.…',
    class: 'big',
  });
  const button = h('button', { type: 'submit', class: 'primary big' }, t('checkIn'));
  const f = h(
    'form',
    { class: 'card checkin', 'data-testid': 'checkin' },
    h(
      'div',
      // Two ways to name the truck: toggle buttons, one pressed (not tabs: nothing here is a tab panel).
      { class: 'tabs', role: 'group', 'aria-label': t('checkInBy') },
      (['plate', 'qr'] as const).map((m) =>
        h(
          'button',
          {
            type: 'button',
            class: m === mode ? 'on' : '',
            'aria-pressed': String(m === mode),
            onclick: () => ((mode = m), (form = null), stopScan?.(), render(ctx)),
          },
          t(m === 'plate' ? 'byPlate' : 'byQr'),
        ),
      ),
    ),
    h('label', { for: 'checkin-input' }, mode === 'plate' ? t('plate') : t('qrPayload')),
    input,
    mode === 'plate' ? provincePicker(input) : null,
    mode === 'qr' ? scanner(ctx, (code) => ((input.value = code), void checkIn(ctx, { qr: code }, button))) : null,
    button,
  );
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (v) void checkIn(ctx, mode === 'plate' ? { plate: v } : { qr: v }, button);
  });
  setTimeout(() => input.focus(), 0);
  return f;
}

/** The outcome of the last check-in; a success follows the live queue (its estimate arrives just after). */
function result(current: Map<string, Entry>): HTMLElement | null {
  if (!last) return null;
  if ('error' in last) {
    return h(
      'div',
      { class: 'card result err', role: 'alert', 'data-testid': 'checkin-result' },
      h('p', null, last.error),
      last.fields.length > 1
        ? h(
            'ul',
            null,
            last.fields.map((f) => h('li', null, f.message)),
          )
        : null,
    );
  }
  const e = current.get(last.entry.id) ?? last.entry;
  // Also the ticket handed to the driver: printed alone (the rest of the page is not printed).
  return h(
    'div',
    { class: 'card result ok ticket', 'data-testid': 'checkin-result', 'data-plate': e.plate },
    h('p', { class: 'ticket-title' }, t('ticketTitle'), ' · ', t('ticketCheckedIn', { time: fmtTime(e.checkedInAt) })),
    h('p', { class: 'plate big' }, e.plate),
    h('p', { class: 'slot' }, t('slotIssued', { window: fmtWindow(e.window), pos: e.position ?? t('none') })),
    h('p', { title: etaTitle(e.eta) }, `${t('eta')}: ${fmtEta(e.eta)}`),
    h('p', null, label('dirLong', e.direction), ' ', priorityBadge(e.priorityClass)),
    // What the operator checks against the truck in front of him before waving it into the yard.
    h(
      'dl',
      { class: 'check-against', 'data-testid': 'checkin-details' },
      e.trailerPlate ? [h('dt', null, t('trailer')), h('dd', { class: 'plate' }, e.trailerPlate)] : null,
      h('dt', null, t('container')),
      h('dd', null, e.containerNumber ?? t('none')),
      h('dt', null, t('seal')),
      h('dd', null, e.sealNumber ?? t('none')),
      h('dt', null, t('driver')),
      h('dd', null, e.driver.name),
      h('dt', null, t('document')),
      h('dd', null, `${label('doc', e.driver.document.type)} ${e.driver.document.number}`),
    ),
    h('p', { class: 'ticket-keep' }, t('ticketKeep')),
    h('button', { type: 'button', class: 'no-print', onclick: () => window.print() }, t('printTicket')),
  );
}

// Regions updated in place: re-mounting the form would take the focus away from the operator's typing.
let regions: {
  notice: HTMLElement;
  toolbar: HTMLElement;
  form: HTMLElement;
  result: HTMLElement;
  fees: HTMLElement;
  recent: HTMLElement;
} | null = null;

function render(ctx: OfficerContext): void {
  const q = ctx.queue();
  if (!regions || !ctx.shell.main.contains(regions.form)) {
    fees = createFeePanel(ctx);
    regions = {
      notice: h('div', { class: 'no-print' }),
      toolbar: h('div', { class: 'toolbar no-print' }),
      form: h('div', { class: 'no-print' }),
      result: h('div'),
      fees: fees.el,
      recent: h('section', { class: 'no-print' }),
    };
    mount(
      ctx.shell.main,
      regions.notice,
      regions.toolbar,
      h('div', { class: 'split' }, regions.form, regions.result),
      regions.fees,
      regions.recent,
    );
  }
  if (!form) {
    form = checkInForm(ctx);
    mount(regions.form, form);
  }
  const byId = new Map((q?.entries ?? []).map((e) => [e.id, e]));
  mount(regions.notice, suspensionNotice(q));
  mount(regions.toolbar, congestionBadge(q?.entries ?? []));
  mount(regions.result, result(byId));
  mount(
    regions.recent,
    recent.length
      ? [
          h('h2', null, t('recentCheckIns')),
          h(
            'table',
            { class: 'queue' },
            h(
              'tbody',
              null,
              recent.map((r) => {
                const cur = byId.get(r.id) ?? r;
                return h(
                  'tr',
                  null,
                  h('td', null, fmtTime(r.checkedInAt)),
                  h('td', null, h('b', { class: 'plate' }, r.plate)),
                  h('td', null, fmtWindow(cur.window)),
                  h('td', { class: 'num' }, cur.position ?? ''),
                  h('td', null, statusBadge(cur.status), unreachedBadge(cur)),
                );
              }),
            ),
          ),
        ]
      : null,
  );
}

startOfficerConsole({
  consoleName: 'yard',
  title: 'consoleYard',
  roles: ['YARD_OPERATOR'],
  view: 'yard',
  render: (ctx, why) => {
    if (why === 'lang') {
      form = null;
      regions = null;
    }
    render(ctx);
  },
});
