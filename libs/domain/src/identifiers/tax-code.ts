import { fail, ok, quote, requireText, type Parsed } from './parsed.js';

export interface TaxCode {
  /** `0100109106` or, for a dependent unit (chi nhánh), `0100109106-001`. */
  normalized: string;
  /** The 10-digit code of the enterprise itself. */
  base: string;
  /** The 3-digit dependent-unit suffix, when present. */
  branch?: string;
}

const TAX_CODE = /^(\d{10})(?:-?(\d{3}))?$/;
const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/**
 * Check digit (10th digit) of a Vietnamese tax code: 10 − (Σ weight·digit mod 11) over the first 9 digits.
 * A result of 10 means no valid code has this prefix. Verified against published codes such as
 * 0100109106 (Viettel), 0300588569 (Vinamilk), 0101248141 (FPT) — see tax-code.spec.ts.
 */
export function taxCodeCheckDigit(first9: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += WEIGHTS[i] * Number(first9[i]);
  const check = 10 - (sum % 11);
  return check === 10 ? null : check;
}

/** Parses a mã số thuế: 10 digits, or the branch form `0101234567-001` (dash optional, spaces ignored). */
export function parseTaxCode(input: unknown): Parsed<TaxCode> {
  const text = requireText(input, 'label_taxCode', 'TAX_CODE');
  if (!text.ok) return text;
  const m = TAX_CODE.exec(text.value.replace(/[\s.]/g, '').replace(/[‐‑‒–—−]/g, '-'));
  if (!m) {
    return fail('TAX_CODE_INVALID', 'taxCodeFormat', { value: quote(input) });
  }
  const [, base, branch] = m;
  if (taxCodeCheckDigit(base) !== Number(base[9])) {
    return fail('TAX_CODE_CHECK_DIGIT', 'taxCodeCheckDigit', { value: quote(input) });
  }
  if (branch === '000') {
    return fail('TAX_CODE_INVALID', 'taxCodeBranch', { value: quote(input) });
  }
  return ok(branch ? { normalized: `${base}-${branch}`, base, branch } : { normalized: base, base });
}
