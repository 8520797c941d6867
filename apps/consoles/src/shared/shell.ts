/// <reference lib="dom" />
import type { Api } from './api.js';
import { h, mount } from './dom.js';
import { fmtTime } from './format.js';
import { lang, label, onLangChange, setLang, t, type MessageKey } from './i18n.js';
import type { ConnState } from './live.js';

export interface Shell {
  main: HTMLElement;
  /**
   * Shows the live connection state (null: nothing on the screen is live, no badge); stale or refused also
   * raises the banner, a stale one only after a short grace (a momentary reconnect shows nothing).
   */
  setConn(state: ConnState | null, detail?: string | null): void;
  toast(message: string, kind?: 'ok' | 'err'): void;
  /** Re-renders the header (after login/logout). */
  refresh(): void;
}

export interface ShellOptions {
  title: MessageKey;
  api?: Api;
  /** Extra header content (gate picker…), rebuilt on each header render. */
  extra?: () => Node | null;
  onLogout?: () => void;
  /** Screens without a live part (login, admin) hide the connection badge. */
  live?: boolean;
  /** Pages written in Chinese too (the firm portal, the public board) offer it beside the Vietnamese/English toggle. */
  chinese?: boolean;
}

/** A reconnect shorter than this (a proxy's handover, a late token renewal) shows nothing; a real loss shows within 2 s. */
const STALE_GRACE_MS = 1000;
/** An action unanswered for this long says "đang gửi…" and counts the seconds. */
const PENDING_AFTER_MS = 2000;

const CONN_LABEL: Record<ConnState, MessageKey> = {
  live: 'connLive',
  stale: 'connStale',
  connecting: 'connConnecting',
  refused: 'connRefused',
};

/** The frame every console shares: title, connection badge, stale banner, language toggle, user. */
export function createShell(o: ShellOptions): Shell {
  const header = h('header', { class: 'top' });
  // Fixed over the page's edge, not in the flow: showing it never pushes the rows under the pointer.
  const banner = h('div', { class: 'stale', role: 'alert', hidden: true, 'data-testid': 'stale-banner' });
  const main = h('main', { id: 'main' });
  const toasts = h('div', { class: 'toasts', 'aria-live': 'polite' });
  const sending = h('div', { class: 'sending', role: 'status', hidden: true, 'data-testid': 'sending' });
  document.body.replaceChildren(header, banner, main, toasts, sending);
  // What the screen shows; `wanted` is the feed's state, shown at once except a stale one within the grace.
  let conn: ConnState | null = o.live === false ? null : 'connecting';
  let wanted: ConnState | null = conn;
  let refusal: string | null = null;
  let since: Date | null = null;
  let graceTimer: ReturnType<typeof setTimeout> | null = null;

  const badge = () =>
    conn === null
      ? null
      : h(
          'span',
          {
            class: `conn conn-${conn}`,
            'data-conn': conn,
            title: since ? t('updatedAt', { time: fmtTime(since) }) : '',
          },
          h('i', { 'aria-hidden': 'true' }),
          t(CONN_LABEL[conn]),
        );

  const bannerText = () =>
    conn === 'refused'
      ? t('refusedBanner', { reason: refusal ?? '' })
      : since
        ? t('staleBannerSince', { time: fmtTime(since) })
        : t('staleBanner');

  const show = () => {
    conn = wanted;
    banner.hidden = conn !== 'stale' && conn !== 'refused';
    banner.textContent = bannerText();
    // Old data is shown dimmed, so nobody acts on it as if it were current.
    main.classList.toggle('is-stale', conn === 'stale');
    const old = header.querySelector('.conn');
    const next = badge();
    if (old && next) old.replaceWith(next);
    else if (old) old.remove();
    else if (next) header.querySelector('.spacer')?.after(next);
  };

  // A write still unanswered after 2 s: "đang gửi… 3 giây", counted until the answer comes.
  let pendingTimer: ReturnType<typeof setInterval> | null = null;
  o.api?.onPending((oldest) => {
    if (pendingTimer) clearInterval(pendingTimer);
    pendingTimer = null;
    sending.hidden = true;
    if (oldest === null) return;
    const tick = () => {
      const ms = Date.now() - oldest;
      sending.hidden = ms < PENDING_AFTER_MS;
      sending.textContent = t('sending', { s: Math.floor(ms / 1000) });
    };
    tick();
    pendingTimer = setInterval(tick, 250);
  });

  const render = () => {
    document.title = `${t(o.title)} — ${t('appName')}`;
    const user = o.api?.user;
    mount(
      header,
      h('a', { href: '/', class: 'brand' }, t('appName')),
      h('h1', null, t(o.title)),
      o.extra?.() ?? null,
      h('span', { class: 'spacer' }),
      badge(),
      h(
        'button',
        { type: 'button', class: 'link', onclick: () => setLang(lang() === 'vi' ? 'en' : 'vi'), 'data-testid': 'lang' },
        t('language'),
      ),
      o.chinese && lang() !== 'zh'
        ? h(
            'button',
            { type: 'button', class: 'link', lang: 'zh', 'data-lang': 'zh', onclick: () => setLang('zh') },
            '简体中文',
          )
        : null,
      user
        ? h(
            'span',
            { class: 'user' },
            h(
              'span',
              { class: 'who', title: user.email },
              `${user.firm?.name ?? user.fullName} · ${label('role', user.role)}`,
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                'data-testid': 'logout',
                onclick: () => {
                  void o.api!.logout().then(() => o.onLogout?.());
                },
              },
              t('logout'),
            ),
          )
        : null,
    );
    banner.textContent = bannerText();
    sending.hidden = true;
  };
  onLangChange(render);
  // A lost session leaves no name of the firm or officer in the header.
  o.api?.onSessionEnd(render);
  render();

  return {
    main,
    setConn(state, detail = null) {
      if (o.live === false) return;
      if (state === 'live') since = new Date();
      wanted = state;
      refusal = detail;
      if (graceTimer) clearTimeout(graceTimer);
      graceTimer = null;
      if (state === 'stale' && conn === 'live') graceTimer = setTimeout(show, STALE_GRACE_MS);
      else show();
    },
    toast(message, kind = 'ok') {
      const el = h('div', { class: `toast toast-${kind}`, role: kind === 'err' ? 'alert' : 'status' }, message);
      toasts.appendChild(el);
      setTimeout(() => el.remove(), kind === 'err' ? 8000 : 4000);
    },
    refresh: render,
  };
}

export interface AskField {
  name: string;
  label: string;
  kind?: 'text' | 'textarea' | 'checkbox' | 'datetime-local';
  required?: boolean;
  minLength?: number;
  value?: string;
}

/** A small modal form (reason, note, correction…): resolves with the values, or null when dismissed. */
export function ask(title: string, fields: AskField[], okLabel = t('confirm')): Promise<Record<string, string> | null> {
  return new Promise((resolve) => {
    const inputs = fields.map((f) => {
      const attrs = { name: f.name, required: f.required, minlength: f.minLength, value: f.value, id: `ask-${f.name}` };
      const input =
        f.kind === 'textarea'
          ? h('textarea', { ...attrs, rows: 3 })
          : h('input', { ...attrs, type: f.kind === 'checkbox' ? 'checkbox' : (f.kind ?? 'text') });
      return { f, input };
    });
    const form = h(
      'form',
      { method: 'dialog', class: 'ask' },
      h('h2', null, title),
      inputs.map(({ f, input }) =>
        f.kind === 'checkbox' ? h('label', { class: 'check' }, input, ` ${f.label}`) : h('label', null, f.label, input),
      ),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'submit', class: 'primary', value: 'ok' }, okLabel),
        h('button', { type: 'button', onclick: () => done(null) }, t('cancel')),
      ),
    );
    const dlg = h('dialog', null, form);
    const done = (v: Record<string, string> | null) => {
      dlg.close();
      dlg.remove();
      resolve(v);
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const out: Record<string, string> = {};
      for (const { f, input } of inputs)
        out[f.name] = f.kind === 'checkbox' ? ((input as HTMLInputElement).checked ? 'true' : '') : input.value.trim();
      done(out);
    });
    dlg.addEventListener('cancel', () => done(null));
    document.body.appendChild(dlg);
    dlg.showModal();
    (inputs[0]?.input as HTMLElement | undefined)?.focus();
  });
}
