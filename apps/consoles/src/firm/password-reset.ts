/// <reference lib="dom" />
import type { PasswordResetRequested } from '../../../declaration/src/identity/dto/auth.dto.js';
import { type Api, ApiError } from '../shared/api.js';
import { asyncHandler, h, mount } from '../shared/dom.js';
import { clearFieldErrors, showFieldError, showServerErrors } from '../shared/field-errors.js';
import { t } from '../shared/i18n.js';
import { REGISTER_RULES } from './rules.js';

// "Forgot password": the firm asks for a link by e-mail, and the link opens the form that sets a new password.

/** The address to send a link to; the answer reads the same whether or not the address has an account. */
export function renderForgot(root: HTMLElement, api: Api): void {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const sent = h('p', { class: 'ok', role: 'status', hidden: true, 'data-testid': 'reset-sent' });
  const email = h('input', {
    name: 'email',
    'data-field': 'email',
    type: 'email',
    inputmode: 'email',
    autocomplete: 'username',
    required: true,
  });
  const button = h('button', { type: 'submit', class: 'primary' }, t('forgotSend'));
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true, 'data-testid': 'forgot' },
    h('h2', null, t('forgotTitle')),
    h('p', { class: 'muted' }, t('forgotIntro')),
    h('label', null, t('email'), email),
    error,
    sent,
    button,
    h('p', null, h('a', { href: '#/' }, t('backToLogin'))),
  );
  onSubmit(form, button, error, {
    problem: () => {
      const bad = REGISTER_RULES.email(email.value);
      return bad ? ['email', bad] : null;
    },
    send: async () => {
      const r = await api.request<PasswordResetRequested>(
        'POST',
        '/auth/password-reset',
        { email: email.value.trim() },
        { auth: false },
      );
      sent.textContent = t('forgotSent', { email: email.value.trim(), minutes: r.expiresInMinutes });
      sent.hidden = false;
    },
  });
  mount(root, form);
  email.focus();
}

/** The e-mailed link's form: a new password, typed twice. Every session of the account ends with it. */
export function renderReset(root: HTMLElement, api: Api, token: string, onDone: () => void): void {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const input = (name: string) =>
    h('input', {
      name,
      'data-field': name,
      type: 'password',
      autocomplete: 'new-password',
      minlength: 8,
      required: true,
    });
  const password = input('newPassword');
  const again = input('newPasswordAgain');
  const button = h('button', { type: 'submit', class: 'primary' }, t('resetSave'));
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true, 'data-testid': 'reset' },
    h('h2', null, t('resetTitle')),
    h('label', null, t('newPassword'), password),
    h('label', null, t('newPasswordAgain'), again),
    error,
    button,
    h('p', null, h('a', { href: '#/forgot' }, t('resetAskAgain'))),
  );
  onSubmit(form, button, error, {
    problem: () => {
      const short = REGISTER_RULES.password(password.value);
      if (short) return ['newPassword', short];
      return again.value !== password.value ? ['newPasswordAgain', t('passwordsDiffer')] : null;
    },
    send: async () => {
      await api.request(
        'POST',
        '/auth/password-reset/confirm',
        { token, newPassword: password.value },
        { auth: false },
      );
      // The sessions of this account, this device's included, ended on the server.
      api.setSession(null);
      onDone();
    },
    // A refused link is named in the message itself; a refused password under its field.
    serverFieldErrors: true,
  });
  mount(root, form);
  password.focus();
}

/**
 * The submit flow both forms share: clear what the last try showed, stop at a local problem (shown under its
 * field), and keep the button disabled while the request runs; a refusal's message shows above the button.
 */
function onSubmit(
  form: HTMLFormElement,
  button: HTMLButtonElement,
  error: HTMLElement,
  flow: {
    problem: () => readonly [field: string, message: string] | null;
    send: () => Promise<void>;
    /** A refusal's field errors are shown under their fields too. */
    serverFieldErrors?: boolean;
  },
): void {
  form.addEventListener(
    'submit',
    asyncHandler(async (e) => {
      e.preventDefault();
      error.hidden = true;
      clearFieldErrors(form);
      const problem = flow.problem();
      if (problem) {
        showFieldError(form, problem[0], problem[1]);
        return;
      }
      button.disabled = true;
      try {
        await flow.send();
      } catch (err) {
        if (flow.serverFieldErrors && err instanceof ApiError) showServerErrors(form, err.errors);
        error.textContent = (err as Error).message;
        error.hidden = false;
      } finally {
        button.disabled = false;
      }
    }),
  );
}
