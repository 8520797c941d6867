/// <reference lib="dom" />
import type { FieldError } from './api.js';
import { h } from './dom.js';

/**
 * Per-field error display: every input carries `data-field` with the API's field path
 * (`vehicles[0].plate`, `directions.EXPORT.windowMinutes`); the message goes right under it.
 */
export function showFieldError(root: ParentNode, field: string, message: string | null): boolean {
  const input = root.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`);
  if (!input) return false;
  const holder = input.closest('label') ?? input.parentElement!;
  let el = holder.querySelector<HTMLElement>(':scope > .field-error');
  if (!message) {
    el?.remove();
    input.removeAttribute('aria-invalid');
    return true;
  }
  if (!el) {
    el = h('span', { class: 'field-error', role: 'alert' });
    holder.appendChild(el);
  }
  el.textContent = message;
  input.setAttribute('aria-invalid', 'true');
  return true;
}

export function clearFieldErrors(root: ParentNode): void {
  root.querySelectorAll('.field-error').forEach((e) => e.remove());
  root.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
}

/** Shows the server's per-field errors; returns those with no matching input (shown in a summary). */
export function showServerErrors(root: ParentNode, errors: FieldError[]): FieldError[] {
  return errors.filter((e) => !showFieldError(root, e.field, e.message));
}
