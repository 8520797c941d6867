// Shared result shape for every identifier parser: callers branch on `ok` instead of catching errors,
// and the Vietnamese `message` goes straight into the API's per-field error list. Every success value
// carries `normalized`, the form to store and match on.
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string): Parsed<T> {
  return { ok: false, code, message };
}

// Keeps error messages readable (and bounded) whatever the client sent: strings quoted, other values as JSON.
export function quote(input: unknown): string {
  const text = typeof input === 'string' ? input : (JSON.stringify(input) ?? String(input));
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return typeof input === 'string' ? `"${short}"` : short;
}

// Separators people type between groups: spaces, dots, dashes of every width, middle dots.
const SEPARATORS = /[\s.\-·•・‧∙⋅。‐‑‒–—―−]/gu;

/** True when the character is one that `compact` drops. */
export function isSeparator(ch: string): boolean {
  return ch.replace(SEPARATORS, '') === '';
}

/**
 * NFKC folds full-width letters/digits/punctuation (１２Ｃ－１２３．４５) to ASCII; then separators are dropped
 * and letters upper-cased, so every spelling of an identifier collapses to one compact key.
 */
export function compact(input: string): string {
  return input.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
}

/**
 * Common first step: JSON bodies can carry anything, so missing values (`<PREFIX>_REQUIRED`) and
 * non-strings (`<PREFIX>_INVALID`) are answered before any format rule runs. `label` starts the message.
 */
export function requireText(input: unknown, label: string, codePrefix: string): Parsed<string> {
  if (input === undefined || input === null) return fail(`${codePrefix}_REQUIRED`, `${label} không được để trống`);
  if (typeof input !== 'string') {
    return fail(`${codePrefix}_INVALID`, `${label} không hợp lệ: phải là chuỗi ký tự, nhận được ${quote(input)}`);
  }
  const text = input.normalize('NFKC').trim();
  if (text === '') return fail(`${codePrefix}_REQUIRED`, `${label} không được để trống`);
  return ok(text);
}
