import { compact, fail, ok, quote, requireText, type Parsed } from './parsed.js';

export interface ContainerNumber {
  /** `CSQU3054383`: owner code, category, serial and check digit with nothing between. */
  normalized: string;
  /** ISO 6346 print form: `CSQU 305438 3`. */
  display: string;
  ownerCode: string;
  /** U = freight container, J = detachable equipment, Z = trailer/chassis. */
  category: 'U' | 'J' | 'Z';
  serial: string;
  checkDigit: number;
}

const CONTAINER = /^([A-Z]{3})([UJZ])(\d{6})(\d)$/;

// ISO 6346 letter values start at A=10 and skip multiples of 11 (11, 22, 33).
const LETTER_VALUES: Record<string, number> = (() => {
  const values: Record<string, number> = {};
  let v = 10;
  for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (v % 11 === 0) v++;
    values[letter] = v++;
  }
  return values;
})();

/** ISO 6346 check digit of the first 10 characters (owner code, category, serial). */
export function containerCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = first10[i];
    const value = ch >= '0' && ch <= '9' ? Number(ch) : LETTER_VALUES[ch];
    if (value === undefined) throw new RangeError(`Not an ISO 6346 character: ${ch}`);
    sum += value * 2 ** i;
  }
  // A remainder of 10 becomes 0 (owners avoid issuing such serials, but the rule is the standard's).
  return (sum % 11) % 10;
}

/** Parses an ISO 6346 container number (spaces, dashes and lower case accepted) and verifies its check digit. */
export function parseContainerNumber(input: unknown): Parsed<ContainerNumber> {
  const text = requireText(input, 'label_containerNumber', 'CONTAINER_NUMBER');
  if (!text.ok) return text;
  const key = compact(text.value).replace(/\//g, '');
  const m = CONTAINER.exec(key);
  if (!m) {
    return fail('CONTAINER_NUMBER_INVALID', 'containerFormat', { value: quote(input) });
  }
  const [, ownerCode, category, serial, check] = m;
  const expected = containerCheckDigit(key.slice(0, 10));
  if (expected !== Number(check)) {
    return fail('CONTAINER_NUMBER_CHECK_DIGIT', 'containerCheckDigit', { value: quote(input), expected });
  }
  return ok({
    normalized: key,
    display: `${ownerCode}${category} ${serial} ${check}`,
    ownerCode,
    category: category as ContainerNumber['category'],
    serial,
    checkDigit: expected,
  });
}
