import { fail, ok, quote, requireText, type Parsed } from './parsed.js';

export interface Phone {
  /** E.164: `+84912345678`, `+8613812345678`. */
  normalized: string;
  country: 'VN' | 'CN';
}

// Vietnamese mobile subscriber numbers are 9 digits after the 0 / +84 and start with 3, 5, 7, 8 or 9.
const VN_MOBILE = /^(?:\+84|0084|84|0)([35789]\d{8})$/;
// Chinese mobiles are 11 digits starting 13–19; the +86 is optional because drivers often omit it.
const CN_MOBILE = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/;

/**
 * Vietnamese or Chinese mobile number in any common spelling (spaces, dots, dashes, brackets), normalised
 * to E.164. `+84 0912…` (trunk 0 kept after the country code) is accepted since people type it.
 */
export function parsePhone(input: unknown): Parsed<Phone> {
  const text = requireText(input, 'label_phone', 'PHONE');
  if (!text.ok) return text;
  const key = text.value.replace(/[\s.\-()·‐‑‒–—−]/g, '').replace(/^(\+84|0084|84)0(?=\d{9}$)/, '$1');
  const vn = VN_MOBILE.exec(key);
  if (vn) return ok({ normalized: `+84${vn[1]}`, country: 'VN' });
  const cn = CN_MOBILE.exec(key);
  if (cn) return ok({ normalized: `+86${cn[1]}`, country: 'CN' });
  return fail('PHONE_INVALID', 'phoneFormat', { value: quote(input) });
}
