import { refusal, type Refusal, type RefusalCode, type RefusalParams } from '../refusal.js';

// Shared result shape for every identifier parser: callers branch on `ok` instead of catching errors; `code`
// tells failures apart, and `refusal` goes into the API's per-field error list, said in the reader's language.
// Every success value carries `normalized`, the form to store and match on.
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; refusal: Refusal };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, why: RefusalCode, params?: RefusalParams): Parsed<T> {
  return { ok: false, code, refusal: refusal(why, params) };
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
 * non-strings (`<PREFIX>_INVALID`) are answered before any format rule runs. `label` names the field.
 */
export function requireText(input: unknown, label: RefusalCode, codePrefix: string): Parsed<string> {
  const named = refusal(label);
  if (input === undefined || input === null) return fail(`${codePrefix}_REQUIRED`, 'idEmpty', { label: named });
  if (typeof input !== 'string') {
    return fail(`${codePrefix}_INVALID`, 'idNotText', { label: named, value: quote(input) });
  }
  const text = input.normalize('NFKC').trim();
  if (text === '') return fail(`${codePrefix}_REQUIRED`, 'idEmpty', { label: named });
  return ok(text);
}
