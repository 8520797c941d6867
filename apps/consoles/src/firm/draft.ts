/// <reference lib="dom" />
import type { DeclarationInput } from './rules.js';

// The new-declaration form kept on the device after every keystroke (localStorage is written synchronously,
// so a killed tab or a crash loses nothing typed), with the Idempotency-Key its filing is sent under: a
// reload after a lost response sends the same key, and the server answers with the declaration it created.

export interface Draft {
  /** The Idempotency-Key of this filing: one per draft, kept until the filing is done. */
  key: string;
  model: DeclarationInput;
  /** When it was last saved (ms since epoch). */
  savedAt: number;
}

const storageKey = (userId: string) => `cks.firm.draft.${userId}`;

export const newIdempotencyKey = () => `web-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 13)}`;

export function loadDraft(userId: string): Draft | null {
  try {
    const d = JSON.parse(localStorage.getItem(storageKey(userId)) ?? 'null') as Draft | null;
    return d && typeof d.key === 'string' && d.model && Array.isArray(d.model.vehicles) ? d : null;
  } catch {
    return null;
  }
}

export function saveDraft(userId: string, d: Draft): void {
  try {
    localStorage.setItem(storageKey(userId), JSON.stringify(d));
  } catch {
    // A full or disabled storage: the form still works, it only cannot survive a reload.
  }
}

export function clearDraft(userId: string): void {
  localStorage.removeItem(storageKey(userId));
}
