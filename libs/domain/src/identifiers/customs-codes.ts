import { compact, fail, ok, quote, requireText, type Parsed } from './parsed.js';

/** Số tờ khai hải quan (VNACCS): exactly 12 digits. Spaces, dots and dashes are ignored. */
export function parseCustomsDeclarationNumber(input: unknown): Parsed<{ normalized: string }> {
  const text = requireText(input, 'label_customsDeclarationNumber', 'CUSTOMS_DECLARATION_NUMBER');
  if (!text.ok) return text;
  const key = compact(text.value);
  if (!/^\d{12}$/.test(key)) {
    return fail('CUSTOMS_DECLARATION_NUMBER_INVALID', 'customsNumberFormat', { value: quote(input) });
  }
  return ok({ normalized: key });
}

export interface HsCode {
  /** Digits only: `081090`. */
  normalized: string;
  /** Tariff-book spelling: `0810`, `0810.90`, `0810.90.10`. */
  display: string;
}

/**
 * HS code of 4, 6 or 8 digits (heading, subheading, Vietnamese national line); dots and spaces accepted.
 * Odd lengths are refused: they are almost always a spreadsheet that dropped the leading zero (81090).
 */
export function parseHsCode(input: unknown): Parsed<HsCode> {
  const text = requireText(input, 'label_hsCode', 'HS_CODE');
  if (!text.ok) return text;
  const key = compact(text.value);
  if (!/^\d{4}(?:\d{2}){0,2}$/.test(key) || key.startsWith('00')) {
    return fail('HS_CODE_INVALID', 'hsCodeFormat', { value: quote(input) });
  }
  const groups = [key.slice(0, 4), key.slice(4, 6), key.slice(6, 8)].filter((g) => g !== '');
  return ok({ normalized: key, display: groups.join('.') });
}

/**
 * Customs seal number (số niêm phong hải quan): 4–20 letters, digits and dashes, starting and ending with
 * a letter or digit. Upper-cased, spaces dropped; dashes are kept because they are printed on the seal.
 */
export function parseSealNumber(input: unknown): Parsed<{ normalized: string }> {
  const text = requireText(input, 'label_sealNumber', 'SEAL_NUMBER');
  if (!text.ok) return text;
  const key = text.value
    .replace(/\s/g, '')
    .replace(/[‐‑‒–—−]/g, '-')
    .toUpperCase();
  if (key.length < 4 || key.length > 20 || !/^[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?$/.test(key)) {
    return fail('SEAL_NUMBER_INVALID', 'sealFormat', { value: quote(input) });
  }
  return ok({ normalized: key });
}
