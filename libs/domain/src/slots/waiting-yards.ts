// The waiting yards (bãi chờ / bãi tập kết) of a gate: a declaration names one of its gate's list. The list is a
// gate setting (the yard-queue service's, copied to the declaration service by its gate event); a yard is known
// by a stable code and named in each language the portal speaks.
import { type Language, LANGUAGES } from '../language/language.js';
import { type FieldRefusal, listOf, refusal } from '../refusal.js';

export interface WaitingYard {
  code: string;
  names: Record<Language, string>;
}

export const MAX_WAITING_YARDS = 20;
export const MAX_YARD_NAME_LENGTH = 100;
const YARD_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

/** How a yard's code or name is compared: NFC, spaces collapsed, case ignored. */
const yardKey = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');

/** The yard of the list that `given` names, by its code or any of its names (as typed or imported); null if none. */
export function findWaitingYard(yards: readonly WaitingYard[], given: string): WaitingYard | null {
  const k = yardKey(given);
  if (k === '') return null;
  return yards.find((y) => yardKey(y.code) === k || LANGUAGES.some((l) => yardKey(y.names[l]) === k)) ?? null;
}

/** A declaration's yard in `lang`: the listed yard's name, or the value as it was filed (free text from before the lists). */
export function waitingYardName(yards: readonly WaitingYard[], value: string, lang: Language): string {
  return yards.find((y) => y.code === value)?.names[lang] ?? value;
}

/** The refusal of a yard not on the gate's list, naming the codes that are. */
export function yardNotListed(yards: readonly WaitingYard[], given: string, gate: string): FieldRefusal {
  return {
    field: 'yard',
    refusal: refusal('yardNotListed', { yard: given, gate, codes: listOf(yards.map((y) => y.code)) }),
  };
}

/**
 * Checks a gate's list of yards as a whole (paths under `yards`): one to MAX_WAITING_YARDS yards, each code
 * UPPER_SNAKE and each name given in every language, and no code or name that would name two yards.
 */
export function validateWaitingYards(yards: readonly WaitingYard[]): FieldRefusal[] {
  const out: FieldRefusal[] = [];
  if (yards.length < 1 || yards.length > MAX_WAITING_YARDS)
    out.push({ field: 'yards', refusal: refusal('yardsCount', { max: MAX_WAITING_YARDS }) });
  const owner = new Map<string, number>();
  yards.forEach((y, i) => {
    if (!YARD_CODE.test(y.code))
      out.push({ field: `yards[${i}].code`, refusal: refusal('yardCode', { value: y.code }) });
    const words: [string, string][] = [[`yards[${i}].code`, y.code]];
    for (const l of LANGUAGES) {
      const name = y.names[l].trim();
      if (name.length < 2 || name.length > MAX_YARD_NAME_LENGTH)
        out.push({ field: `yards[${i}].names.${l}`, refusal: refusal('yardName', { max: MAX_YARD_NAME_LENGTH }) });
      else words.push([`yards[${i}].names.${l}`, name]);
    }
    // A yard may share a word between its own names (the same name in two languages), never with another yard.
    const own = new Set<string>();
    for (const [field, word] of words) {
      const k = yardKey(word);
      const other = owner.get(k);
      if (other !== undefined && other !== i) out.push({ field, refusal: refusal('yardTwice', { value: word }) });
      own.add(k);
    }
    for (const k of own) if (!owner.has(k)) owner.set(k, i);
  });
  return out;
}

/** A yard as stored: its code and names trimmed and in NFC. */
export function normaliseWaitingYard(y: WaitingYard): WaitingYard {
  const clean = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');
  return {
    code: y.code.trim(),
    names: Object.fromEntries(LANGUAGES.map((l) => [l, clean(y.names[l])])) as Record<Language, string>,
  };
}

/** The yards each gate starts with (the administrator edits them in the gate's settings). */
export const DEFAULT_WAITING_YARDS: Readonly<Record<'HUU_NGHI' | 'TAN_THANH', readonly WaitingYard[]>> = {
  HUU_NGHI: [
    {
      code: 'HUU_NGHI_CHO',
      names: { vi: 'Bãi chờ Hữu Nghị', zh: '友谊关待检停车场', en: 'Hữu Nghị waiting yard' },
    },
    {
      code: 'HUU_NGHI_TAP_KET',
      names: { vi: 'Bãi tập kết Hữu Nghị', zh: '友谊关集结停车场', en: 'Hữu Nghị staging yard' },
    },
  ],
  TAN_THANH: [
    {
      code: 'TAN_THANH_CHO',
      names: { vi: 'Bãi chờ Tân Thanh', zh: '新清待检停车场', en: 'Tân Thanh waiting yard' },
    },
    {
      code: 'TAN_THANH_TAP_KET',
      names: { vi: 'Bãi tập kết Tân Thanh', zh: '新清集结停车场', en: 'Tân Thanh staging yard' },
    },
  ],
};
