import { refusal } from '../refusal.js';
import { compact, fail, isSeparator, ok, quote, requireText, type Parsed } from './parsed.js';

export type PlateCountry = 'VN' | 'CN';
export type PlateKind = 'TRACTOR' | 'TRAILER';

export interface Plate {
  /** Match key: upper case, letters/digits/Chinese characters only (`12C12345`, `桂F12345`). */
  normalized: string;
  /** Canonical spelling for screens and documents (`12C-123.45`, `12C-1234`, `桂F12345`). */
  display: string;
  country: PlateCountry;
  kind: PlateKind;
}

/** The 31 official one-character province abbreviations on mainland Chinese plates. */
export const CN_PROVINCE_ABBREVIATIONS = [...'京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'] as const;

/**
 * Latin spellings of the province characters, for a yard keyboard without Chinese: the abbreviation's pinyin
 * or the province's name. GUI is also the syllable of Guizhou's 贵; at the Lạng Sơn gates it means the
 * neighbouring Guangxi's 桂 (Guizhou is written GUIZHOU). A syllable two provinces share (YU, JI, JIN, GAN) is
 * refused with both readings rather than guessed.
 */
export const CN_PROVINCE_LATIN: Readonly<Record<string, readonly string[]>> = {
  JING: ['京'],
  BEIJING: ['京'],
  TIANJIN: ['津'],
  HU: ['沪'],
  SHANGHAI: ['沪'],
  CHONGQING: ['渝'],
  HEBEI: ['冀'],
  HENAN: ['豫'],
  YUN: ['云'],
  YUNNAN: ['云'],
  LIAO: ['辽'],
  LIAONING: ['辽'],
  HEI: ['黑'],
  HEILONGJIANG: ['黑'],
  XIANG: ['湘'],
  HUNAN: ['湘'],
  WAN: ['皖'],
  ANHUI: ['皖'],
  LU: ['鲁'],
  SHANDONG: ['鲁'],
  XIN: ['新'],
  XINJIANG: ['新'],
  SU: ['苏'],
  JIANGSU: ['苏'],
  ZHE: ['浙'],
  ZHEJIANG: ['浙'],
  JIANGXI: ['赣'],
  HUBEI: ['鄂'],
  GUI: ['桂'],
  GUANGXI: ['桂'],
  GANSU: ['甘'],
  SHANXI: ['晋'],
  MENG: ['蒙'],
  NEIMENGGU: ['蒙'],
  SHAAN: ['陕'],
  SHAANXI: ['陕'],
  JILIN: ['吉'],
  MIN: ['闽'],
  FUJIAN: ['闽'],
  GUIZHOU: ['贵'],
  YUE: ['粤'],
  GUANGDONG: ['粤'],
  QING: ['青'],
  QINGHAI: ['青'],
  ZANG: ['藏'],
  XIZANG: ['藏'],
  CHUAN: ['川'],
  SICHUAN: ['川'],
  NING: ['宁'],
  NINGXIA: ['宁'],
  QIONG: ['琼'],
  HAINAN: ['琼'],
  YU: ['渝', '豫'],
  JI: ['冀', '吉'],
  JIN: ['津', '晋'],
  GAN: ['赣', '甘'],
};

/** Series letter of Vietnamese trailer and semi-trailer plates (rơ-moóc / sơ-mi rơ-moóc). */
const VN_TRAILER_SERIES = 'R';

// Province 2 digits, series 1–2 letters + optional digit, then 4 or 5 digits. A series digit is only
// accepted with a 5-digit number: `51D1-1234` and `51D-112.34` would otherwise share the key `51D11234`.
const VN_PLATE = /^(\d{2})([A-Z]{1,2})(?:(\d)(\d{5})|(\d{4,5}))$/;

// Province character, issuing-office letter, then the serial. Chinese serials never use I or O
// (too close to 1 and 0), so a typed O is rejected rather than silently becoming another plate.
const CN_PROVINCES = CN_PROVINCE_ABBREVIATIONS.join('');
const CN_PLATE = new RegExp(`^([${CN_PROVINCES}])([A-Z])(?:([A-HJ-NP-Z0-9]{5,6})|([A-HJ-NP-Z0-9]{4})挂)$`, 'u');

/**
 * Parses a Vietnamese or Chinese plate in any common spelling (spaces, dots, dashes, middle dot,
 * lower case, full-width characters). Pass `kind` to insist on a tractor or a trailer plate.
 */
export function parsePlate(input: unknown, opts: { kind?: PlateKind } = {}): Parsed<Plate> {
  const text = requireText(input, 'label_plate', 'PLATE');
  if (!text.ok) return text;
  const key = compact(text.value);

  const latin = parseVietnamese(key) || parseChinese(key) ? null : parseLatinChinese(key);
  if (latin && 'readings' in latin) {
    // A shared syllable stands for two provinces (CN_PROVINCE_LATIN), never more.
    const [one, other] = latin.readings;
    return fail('PLATE_PROVINCE_AMBIGUOUS', 'plateProvinceAmbiguous', { value: quote(input), one, other });
  }
  const plate = parseVietnamese(key) ?? parseChinese(key) ?? latin;
  if (plate === 'BAD_PROVINCE') {
    return fail('PLATE_PROVINCE_INVALID', 'plateProvince', { value: quote(input) });
  }
  if (!plate) return fail('PLATE_INVALID', 'plateFormat', { value: quote(input) });
  if (contradictsSeriesBoundary(text.value, plate)) {
    return fail('PLATE_AMBIGUOUS', 'plateSeriesUnclear', { value: quote(input), plate: plate.display });
  }

  if (opts.kind && plate.kind !== opts.kind) {
    return fail('PLATE_KIND_MISMATCH', 'plateKindMismatch', {
      value: quote(input),
      kind: refusal(`kind_${plate.kind}`),
      expected: refusal(`kind_${opts.kind}`),
    });
  }
  return ok(plate);
}

/** The match key of any spelling of a plate, or null when it is not a plate. */
export function normalisePlateKey(input: unknown): string | null {
  const parsed = parsePlate(input);
  return parsed.ok ? parsed.value.normalized : null;
}

function parseVietnamese(key: string): Plate | 'BAD_PROVINCE' | null {
  const m = VN_PLATE.exec(key);
  if (!m) return null;
  const [, province, letters, seriesDigit, longNumber, shortNumber] = m;
  if (Number(province) < 11) return 'BAD_PROVINCE';
  const series = letters + (seriesDigit ?? '');
  const digits = seriesDigit ? longNumber : shortNumber;
  // 5-digit numbers are written 123.45; the older 4-digit ones stay as they are.
  const shown = digits.length === 5 ? `${digits.slice(0, 3)}.${digits.slice(3)}` : digits;
  return {
    normalized: `${province}${series}${digits}`,
    display: `${province}${series}-${shown}`,
    country: 'VN',
    kind: series === VN_TRAILER_SERIES ? 'TRAILER' : 'TRACTOR',
  };
}

function parseChinese(key: string): Plate | null {
  const m = CN_PLATE.exec(key);
  if (!m) return null;
  const [, province, office, serial, trailerSerial] = m;
  const normalized = trailerSerial ? `${province}${office}${trailerSerial}挂` : `${province}${office}${serial}`;
  // Chinese plates are usually written without separators, so the key is also the display form.
  return { normalized, display: normalized, country: 'CN', kind: trailerSerial ? 'TRAILER' : 'TRACTOR' };
}

/**
 * A Chinese plate written with its province in Latin letters (`GUI F12345` → 桂F12345; see CN_PROVINCE_LATIN).
 * The longest spelling that leaves a valid plate wins (`YUNA12345` is 云A12345, not 渝NA12345).
 */
function parseLatinChinese(key: string): Plate | { readings: string[] } | null {
  if (!/^[A-Z]/.test(key)) return null;
  const spellings = Object.keys(CN_PROVINCE_LATIN)
    .filter((spelling) => key.startsWith(spelling))
    .sort((a, b) => b.length - a.length);
  for (const spelling of spellings) {
    const readings = CN_PROVINCE_LATIN[spelling]
      .map((province) => parseChinese(province + key.slice(spelling.length)))
      .filter((plate): plate is Plate => plate !== null);
    if (readings.length === 1) return readings[0];
    if (readings.length > 1) return { readings: readings.map((r) => r.normalized).sort() };
  }
  return null;
}

/**
 * Separators are ignored, with one exception where ignoring them would silently read another plate:
 * `12C1-1234` compacts to the key of `12C-112.34`, and `12C-123.456` to that of `12C1-234.56`. When the
 * spelling visibly puts the series/number boundary somewhere else than the parse does, refuse.
 */
function contradictsSeriesBoundary(text: string, plate: Plate): boolean {
  if (plate.country !== 'VN') return false;
  const [, letters, digits] = /^\d{2}([A-Z]{1,2})(\d+)$/.exec(plate.normalized)!;
  // 6 digits = series digit + 5: nothing may split the series digit from its letters. 5 digits = no series
  // digit: the first number digit must not be split off as if it were one. 4 digits cannot be misread.
  const splitAfter = digits.length === 6 ? 1 + letters.length : digits.length === 5 ? 2 + letters.length : -1;
  if (splitAfter < 0) return false;
  let seen = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    if (isSeparator(chars[i])) continue;
    if (seen++ === splitAfter) return i + 1 < chars.length && isSeparator(chars[i + 1]);
  }
  return false;
}

/**
 * What a search box may mean by a piece of a plate: its compact key, and when it starts with a Latin spelling
 * of a Chinese province, the same piece with each province character it may stand for (`gui f12` → `GUIF12`,
 * `桂F12`). A search shows every reading, so a syllable two provinces share gives both rather than a refusal.
 * Match each against the compact key of a plate as a substring.
 */
export function plateSearchKeys(query: string): string[] {
  const key = compact(query);
  if (!key) return [];
  const keys = new Set([key]);
  for (const [spelling, provinces] of Object.entries(CN_PROVINCE_LATIN)) {
    const rest = key.slice(spelling.length);
    if (!key.startsWith(spelling) || !/^[A-Z0-9]/.test(rest)) continue;
    for (const province of provinces) keys.add(province + rest);
  }
  return [...keys];
}

/** The compact key a plate is searched by (`12C-123.45` → `12C12345`). */
export function plateSearchKey(plate: string): string {
  return compact(plate);
}

/**
 * A plate as it is being typed: full-width characters folded, upper case, and any run of spaces, dots or odd
 * dashes between groups as one plain dash. Character by character, so a cursor keeps its place; the finished
 * plate is then shown as `parsePlate` spells it (`12c 123.45` → `12C-123.45` → `12C-123.45`).
 */
export function plateAsTyped(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-·•・‧∙⋅‐‑‒–—―−]+/gu, '-');
}
