/// <reference lib="dom" />
import { type Api, ApiError, type Role, type Session } from './api.js';
import { asyncHandler, h, mount } from './dom.js';
import { label, t } from './i18n.js';

/** The login form of a console; only the given roles get in. */
export function renderLogin(
  root: HTMLElement,
  o: { api: Api; roles: Role[]; title: string; onLogin: (s: Session) => void; footer?: Node },
): void {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const email = h('input', {
    name: 'email',
    type: 'email',
    autocomplete: 'username',
    required: true,
    id: 'login-email',
  });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    id: 'login-password',
  });
  const button = h('button', { type: 'submit', class: 'primary' }, t('login'));
  const form = h(
    'form',
    { class: 'card narrow', 'data-testid': 'login' },
    h('h2', null, o.title),
    h('label', null, t('email'), email),
    h('label', null, t('password'), password),
    error,
    button,
    o.footer ?? null,
  );
  form.addEventListener(
    'submit',
    asyncHandler(async (e) => {
      e.preventDefault();
      error.hidden = true;
      button.disabled = true;
      try {
        const s = await o.api.login(email.value.trim(), password.value);
        if (!o.roles.includes(s.user.role)) {
          await o.api.logout();
          throw new ApiError(403, 'FORBIDDEN', t('wrongRole', { role: label('role', s.user.role) }));
        }
        o.onLogin(s);
      } catch (err) {
        error.textContent = err instanceof Error ? err.message : String(err);
        error.hidden = false;
      } finally {
        button.disabled = false;
      }
    }),
  );
  mount(root, form);
  email.focus();
}

/** The gate a console works at: `?gate=` when the user may act there, else the user's first gate. */
export function pickGate(user: { role: Role; gates: string[] }, gates: string[]): string | null {
  const wanted = new URLSearchParams(location.search).get('gate');
  const allowed = user.role === 'ADMIN' ? gates : user.gates;
  if (wanted && allowed.includes(wanted)) return wanted;
  return allowed[0] ?? null;
}
