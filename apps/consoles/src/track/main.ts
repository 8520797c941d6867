/// <reference lib="dom" />
import type { PublicTrackView } from '../../../../libs/events/src/public-track.dto.js';
import { LANGUAGES, type Language } from '../../../../libs/domain/src/language/language.js';
import { h, mount } from '../shared/dom.js';
import { fmtDateTime, fmtEta, fmtTime, fmtWindow } from '../shared/format.js';
import { label, lang, onLangChange, setLang, t } from '../shared/i18n.js';
import { offerPush } from './push.js';

// The public tracking page of one truck, `/t/<slip code>`: for the driver's phone, no login. It reads the
// vehicle's state once, then follows it over server-sent events; when those fail for good it asks again every
// 20 s. When the link drops it keeps the last state and says when that was.

const code = decodeURIComponent(location.pathname.replace(/^\/t\//, ''));
const api = `/api/public/track/${encodeURIComponent(code)}`;
/** The server pings every 15 s: two missed pings mean the link is gone even if the browser has not noticed. */
const SILENCE_MS = 35_000;
const POLL_MS = 20_000;
const NAMES: Record<Language, string> = { vi: 'Tiếng Việt', zh: '中文', en: 'English' };

let view: PublicTrackView | null = null;
let missing = false;
let live = false;
/** When the server last confirmed the state shown (a message or a ping). */
let heardAt: Date | null = null;
let poller: ReturnType<typeof setInterval> | null = null;

const root = h('main', { class: 'track' });
document.body.append(root);

function heard(v?: PublicTrackView): void {
  if (v) view = v;
  heardAt = new Date();
  live = true;
  render();
}

function lost(): void {
  live = false;
  render();
}

/** `14:05` of a countdown: minutes and seconds. */
function mmss(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function countdown(deadline: string): string {
  const left = new Date(deadline).getTime() - Date.now();
  return t(left >= 0 ? 'trackLeft' : 'trackLate', { left: mmss(left) });
}

function switcher(): HTMLElement {
  return h(
    'nav',
    { class: 'track-langs', 'aria-label': t('trackLanguage') },
    LANGUAGES.map((l) =>
      h(
        'button',
        { type: 'button', lang: l, 'aria-pressed': String(l === lang()), 'data-lang': l, onclick: () => setLang(l) },
        NAMES[l],
      ),
    ),
  );
}

function body(v: PublicTrackView): (HTMLElement | null)[] {
  const called = v.status === 'CALLED' && v.callDeadline;
  const row = (term: string, value: string, testid: string) => [
    h('dt', null, term),
    h('dd', { 'data-testid': testid }, value),
  ];
  return [
    h('p', { class: 'track-plate', 'data-testid': 'plate' }, v.plate),
    h('p', { class: 'track-gate' }, `${v.gateName} · ${label('dirLong', v.direction)}`),
    h('p', { class: 'track-status', 'data-testid': 'status', role: 'status' }, label('st', v.status)),
    called
      ? h(
          'section',
          { class: 'track-call', 'data-testid': 'called' },
          h('p', null, t('trackCalled')),
          h(
            'p',
            { class: 'track-deadline', 'data-testid': 'deadline' },
            t('trackDeadline', { time: fmtTime(v.callDeadline) }),
          ),
          h('p', { class: 'track-countdown', role: 'timer', 'data-testid': 'countdown' }, countdown(v.callDeadline!)),
        )
      : null,
    v.status === 'HELD'
      ? h('p', { class: 'track-alert', 'data-testid': 'held' }, v.heldBy ? label('heldBy', v.heldBy) : t('trackHeld'))
      : null,
    v.suspension
      ? h(
          'p',
          { class: 'track-alert', 'data-testid': 'suspension' },
          t('suspended', { reason: v.suspension.reason }),
          v.suspension.until ? ` ${t('suspendedUntil', { time: fmtDateTime(v.suspension.until) })}` : '',
        )
      : null,
    h(
      'dl',
      null,
      row(t('declaration'), label('st', v.declarationStatus), 'declaration'),
      v.position !== null ? row(t('position'), String(v.position), 'position') : [],
      v.status === 'CHECKED_IN' ? row(t('window'), fmtWindow(v.window), 'window') : [],
      v.status === 'CHECKED_IN' ? row(t('eta'), fmtEta(v.eta, v.suspension), 'eta') : [],
    ),
    v.status === 'ACCEPTED' ? h('p', { class: 'track-note' }, t('slipNoSlot')) : null,
  ];
}

function render(): void {
  document.title = view ? `${view.plate} — ${t('trackTitle')}` : t('trackTitle');
  mount(
    root,
    h('header', { class: 'track-head' }, h('h1', null, t('trackTitle')), switcher()),
    missing
      ? h('p', { class: 'track-alert', 'data-testid': 'not-found' }, t('trackNotFound'))
      : view
        ? body(view)
        : h('p', null, t('loading')),
    heardAt
      ? h(
          'p',
          { class: live ? 'track-conn' : 'track-conn track-stale', 'data-testid': 'conn', 'aria-live': 'polite' },
          t(live ? 'trackLive' : 'trackAsOf', { time: fmtTime(heardAt) }),
          ` (${t('localTime')})`,
        )
      : null,
    pushSlot,
  );
}

async function read(): Promise<void> {
  try {
    // The first read takes the page's preloaded answer; the server marks every answer no-store.
    const res = await fetch(api);
    if (res.status === 404) {
      missing = true;
      stopPolling();
      return render();
    }
    if (!res.ok) return lost();
    heard((await res.json()) as PublicTrackView);
  } catch {
    lost();
  }
}

function startPolling(): void {
  poller ??= setInterval(() => void read(), POLL_MS);
}

function stopPolling(): void {
  if (poller) clearInterval(poller);
  poller = null;
}

function stream(): void {
  if (typeof EventSource === 'undefined') return startPolling();
  const es = new EventSource(`${api}/events`);
  es.onmessage = (e: MessageEvent<string>) => {
    stopPolling();
    heard(JSON.parse(e.data) as PublicTrackView);
  };
  es.addEventListener('ping', () => heard());
  es.onerror = () => {
    lost();
    // Closed for good (an answer that is not a stream): the browser will not retry, so the page polls.
    if (es.readyState === EventSource.CLOSED) startPolling();
  };
}

const pushSlot = h('div', { class: 'track-push' });
onLangChange(render);
addEventListener('offline', lost);
addEventListener('online', () => void read());
setInterval(() => {
  if (live && heardAt && Date.now() - heardAt.getTime() > SILENCE_MS) lost();
  if (view?.callDeadline && view.status === 'CALLED') {
    const el = root.querySelector('[data-testid="countdown"]');
    if (el) el.textContent = countdown(view.callDeadline);
  }
}, 1000);

render();
void read().then(() => {
  if (missing) return;
  stream();
  void offerPush(pushSlot, code);
});
