/// <reference lib="dom" />
import type { Api } from './api.js';
import { h, mount } from './dom.js';
import { fmtTime } from './format.js';
import { lang, label, onLangChange, setLang, t, type MessageKey } from './i18n.js';
import type { ConnState } from './live.js';

export interface Shell {
  main: HTMLElement;
  /** Shows the live connection state; anything but `live` also raises the stale banner. */
  setConn(state: ConnState): void;
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
}

/** The frame every console shares: title, connection badge, stale banner, language toggle, user. */
export function createShell(o: ShellOptions): Shell {
  const header = h('header', { class: 'top' });
  const banner = h('div', { class: 'stale', role: 'alert', hidden: true, 'data-testid': 'stale-banner' });
  const main = h('main', { id: 'main' });
  const toasts = h('div', { class: 'toasts', 'aria-live': 'polite' });
  document.body.replaceChildren(header, banner, main, toasts);
  let conn: ConnState = 'connecting';
  let since: Date | null = null;

  const badge = () =>
    h(
      'span',
      { class: `conn conn-${conn}`, 'data-conn': conn, title: since ? t('updatedAt', { time: fmtTime(since) }) : '' },
      h('i', { 'aria-hidden': 'true' }),
      t(conn === 'live' ? 'connLive' : conn === 'stale' ? 'connStale' : 'connConnecting'),
    );

  const render = () => {
    document.title = `${t(o.title)} — ${t('appName')}`;
    const user = o.api?.user;
    mount(
      header,
      h('a', { href: '/', class: 'brand' }, t('appName')),
      h('h1', null, t(o.title)),
      o.extra?.() ?? null,
      h('span', { class: 'spacer' }),
      o.live === false ? null : badge(),
      h(
        'button',
        { type: 'button', class: 'link', onclick: () => setLang(lang() === 'vi' ? 'en' : 'vi'), 'data-testid': 'lang' },
        t('language'),
      ),
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
    banner.textContent = since ? t('staleBannerSince', { time: fmtTime(since) }) : t('staleBanner');
  };
  onLangChange(render);
  render();

  return {
    main,
    setConn(state) {
      conn = state;
      if (state === 'live') since = new Date();
      banner.hidden = state !== 'stale';
      banner.textContent = since ? t('staleBannerSince', { time: fmtTime(since) }) : t('staleBanner');
      // Old data is shown dimmed, so nobody acts on it as if it were current.
      main.classList.toggle('is-stale', state === 'stale');
      const old = header.querySelector('.conn');
      if (old && o.live !== false) old.replaceWith(badge());
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
