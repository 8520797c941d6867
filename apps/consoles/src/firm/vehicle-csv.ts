// Vehicles imported from a spreadsheet into the declaration form: one row per truck, under a header whose
// columns are named in Vietnamese (or English, or Chinese). Every row is checked by the form's own rules (rules.ts), so
// a row refused here reads as the form would say it; the rows that pass are added, the others listed by line.
import { parseCsv } from '../../../../libs/domain/src/statistics/csv.js';
import { DRIVER_DOCUMENT_TYPES } from '../../../../libs/domain/src/identifiers/driver-document.js';
import { parsePlate } from '../../../../libs/domain/src/identifiers/plates.js';
import { FEE_CLASSES } from '../../../../libs/domain/src/identifiers/reference-data.js';
import { DEFAULT_LANGUAGE, type Language, LANGUAGES } from '../../../../libs/domain/src/language/language.js';
import {
  findWaitingYard,
  type WaitingYard,
  waitingYardName,
  yardNotListed,
} from '../../../../libs/domain/src/slots/waiting-yards.js';
import { renderRefusal } from '../../../../libs/errors/src/domain-messages.js';
import { checkField, type DeclarationInput } from './rules.js';

type VehicleInput = DeclarationInput['vehicles'][number];
type Column =
  | 'plate'
  | 'trailerPlate'
  | 'nationality'
  | 'feeClass'
  | 'containerNumber'
  | 'sealNumber'
  | 'driver.name'
  | 'driver.document.type'
  | 'driver.document.number'
  | 'driver.phone'
  | 'driverLanguage';

/**
 * The documented header, column by column: the Vietnamese name, the English name, the Chinese name. Only the plate
 * is required.
 */
export const CSV_COLUMNS: readonly (readonly [Column, string, string, string])[] = [
  ['plate', 'Biển số', 'Plate', '车牌'],
  ['trailerPlate', 'Biển rơ-moóc', 'Trailer plate', '挂车车牌'],
  ['nationality', 'Quốc tịch xe', 'Nationality', '车辆国籍'],
  ['feeClass', 'Loại phí hạ tầng', 'Fee class', '基础设施费类别'],
  ['containerNumber', 'Số container', 'Container number', '集装箱号'],
  ['sealNumber', 'Số niêm phong', 'Seal number', '封志号'],
  ['driver.name', 'Họ tên lái xe', 'Driver name', '司机姓名'],
  ['driver.document.type', 'Loại giấy tờ', 'Document type', '证件类型'],
  ['driver.document.number', 'Số giấy tờ', 'Document number', '证件号码'],
  ['driver.phone', 'Điện thoại lái xe', 'Driver phone', '司机电话'],
  ['driverLanguage', 'Ngôn ngữ của lái xe', 'Driver language', '司机语言'],
];

/**
 * The declaration's waiting yard, optional, last in the documented header: a code or any name of a yard of the
 * gate's list. A declaration has one yard, so every row that names one names the same.
 */
export const CSV_YARD_COLUMN = ['yard', 'Bãi chờ', 'Waiting yard', '待检停车场'] as const;

/** A column's name in a language (the documented header of a page in Chinese is in Chinese). */
export const csvColumnName = (c: (typeof CSV_COLUMNS)[number] | typeof CSV_YARD_COLUMN, lang: Language) =>
  c[lang === 'vi' ? 1 : lang === 'en' ? 2 : 3];

/**
 * A header cell as it is compared: lower case, no diacritics, no punctuation (`Biển rơ-moóc` → `bien ro mooc`),
 * Chinese characters kept.
 */
const headerKey = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9\p{Script=Han}]+/gu, ' ')
    .trim();

const HEADERS = new Map<string, Column | 'yard'>(
  [...CSV_COLUMNS, CSV_YARD_COLUMN].flatMap(([col, ...names]) =>
    names.map((name): [string, Column | 'yard'] => [headerKey(name), col]),
  ),
);
HEADERS.set(headerKey('Bãi'), 'yard');
HEADERS.set(headerKey('停车场'), 'yard');
// What people also write: the form's longer labels.
HEADERS.set(headerKey('Số niêm phong hải quan'), 'sealNumber');
HEADERS.set(headerKey('Loại phí'), 'feeClass');
HEADERS.set(headerKey('Ngôn ngữ lái xe'), 'driverLanguage');

/** Words a spreadsheet may carry for a code, by column (compared as header keys). */
const CODE_WORDS: Partial<Record<Column, Record<string, string>>> = {
  nationality: { 'viet nam': 'VN', vietnam: 'VN', 越南: 'VN', 'trung quoc': 'CN', china: 'CN', 中国: 'CN' },
  'driver.document.type': {
    'ho chieu': 'PASSPORT',
    passport: 'PASSPORT',
    'giay thong hanh': 'BORDER_PASS',
    'border pass': 'BORDER_PASS',
    护照: 'PASSPORT',
    通行证: 'BORDER_PASS',
  },
  driverLanguage: {
    'tieng viet': 'vi',
    vietnamese: 'vi',
    'tieng trung': 'zh',
    chinese: 'zh',
    'tieng anh': 'en',
    english: 'en',
    越南语: 'vi',
    中文: 'zh',
    简体中文: 'zh',
    英语: 'en',
  },
};
const CODES: Partial<Record<Column, readonly string[]>> = {
  nationality: ['VN', 'CN'],
  feeClass: FEE_CLASSES,
  'driver.document.type': DRIVER_DOCUMENT_TYPES,
  driverLanguage: LANGUAGES,
};

export interface CsvRowError {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  message: string;
}

export interface VehicleImport {
  vehicles: VehicleInput[];
  errors: CsvRowError[];
  /** The yard's code the file names, when it names one the form did not have yet. */
  yard?: string;
}

/** The gate the declaration is for, with the yards a row may name. */
export interface CsvGate {
  code: string;
  yards: readonly WaitingYard[];
}

function setField(v: VehicleInput, col: Column, value: string): void {
  if (col === 'driver.name') v.driver.name = value;
  else if (col === 'driver.document.type') v.driver.document.type = value;
  else if (col === 'driver.document.number') v.driver.document.number = value;
  else if (col === 'driver.phone') v.driver.phone = value;
  else v[col] = value;
}

const fieldOf = (v: VehicleInput, col: Column): string =>
  col === 'driver.name'
    ? v.driver.name
    : col === 'driver.document.type'
      ? v.driver.document.type
      : col === 'driver.document.number'
        ? v.driver.document.number
        : col === 'driver.phone'
          ? v.driver.phone
          : v[col];

/**
 * The vehicles of a CSV file, checked as the form checks them after the ones it already has (`form`): a plate
 * twice, in the file or with the form, is refused like a plate typed twice. `lang` is the language of the
 * messages this module writes itself (an unknown column or code); the rules' messages follow the form's.
 */
export function importVehicles(
  text: string,
  form: DeclarationInput,
  lang: Language = DEFAULT_LANGUAGE,
  gate?: CsvGate,
): VehicleImport {
  const say = (viText: string, enText: string, zhText: string) => ({ vi: viText, en: enText, zh: zhText })[lang];
  const { records } = parseCsv(text);
  const [header, ...rows] = records;
  const required = csvColumnName(CSV_COLUMNS[0], lang);
  if (!header)
    return { vehicles: [], errors: [{ line: 1, message: say('Tệp trống', 'The file is empty', '文件为空') }] };
  const columns = header.cells.map((c) => HEADERS.get(headerKey(c)) ?? null);
  if (!columns.includes('plate'))
    return {
      vehicles: [],
      errors: [
        {
          line: header.line,
          message: say(
            `Dòng tiêu đề phải có cột “${required}” (các cột: ${CSV_COLUMNS.map((c) => c[1]).join('; ')})`,
            `The header must have a “${required}” column (columns: ${CSV_COLUMNS.map((c) => c[2]).join('; ')})`,
            `表头必须有“${required}”列（各列：${CSV_COLUMNS.map((c) => c[3]).join('；')}）`,
          ),
        },
      ],
    };
  const model: DeclarationInput = { ...form, vehicles: form.vehicles.filter((v) => v.plate.trim() !== '') };
  const vehicles: VehicleInput[] = [];
  const errors: CsvRowError[] = [];
  const yards = gate?.yards ?? [];
  // The yard the declaration names so far (the form's, else the first row's that names one).
  let yard = findWaitingYard(yards, form.yard)?.code ?? '';
  const formHadYard = yard !== '';
  for (const row of rows) {
    const v: VehicleInput = {
      plate: '',
      trailerPlate: '',
      nationality: '',
      feeClass: 'CONTAINER_40FT',
      containerNumber: '',
      sealNumber: '',
      driver: { name: '', document: { type: 'CCCD', number: '' }, phone: '' },
      driverLanguage: DEFAULT_LANGUAGE,
    };
    const problems: string[] = [];
    columns.forEach((col, i) => {
      const raw = (row.cells[i] ?? '').trim();
      if (!col || raw === '') return;
      if (col === 'yard') {
        const found = findWaitingYard(yards, raw);
        if (!found) problems.push(renderRefusal(yardNotListed(yards, raw, gate?.code ?? form.gate).refusal, lang));
        else if (yard !== '' && found.code !== yard)
          problems.push(
            say(
              `Tờ khai chỉ có một bãi chờ: đã chọn “${waitingYardName(yards, yard, lang)}”, dòng này ghi “${raw}”`,
              `A declaration has one waiting yard: “${waitingYardName(yards, yard, lang)}” is chosen, this row names “${raw}”`,
              `一份申报单只有一个待检停车场：已选择“${waitingYardName(yards, yard, lang)}”，此行写的是“${raw}”`,
            ),
          );
        else yard = found.code;
        return;
      }
      const codes = CODES[col];
      if (!codes) return setField(v, col, raw);
      const code = CODE_WORDS[col]?.[headerKey(raw)] ?? codes.find((c) => c.toLowerCase() === raw.toLowerCase());
      if (code) setField(v, col, code);
      else
        problems.push(
          say(
            `${header.cells[i].trim()} không hợp lệ: "${raw}" — phải là ${codes.join(', ')}`,
            `${header.cells[i].trim()} is not valid: "${raw}" — must be ${codes.join(', ')}`,
            `${header.cells[i].trim()}无效："${raw}" — 必须是 ${codes.join(', ')}`,
          ),
        );
    });
    // A plate says its country: the nationality need not be written.
    const plate = parsePlate(v.plate);
    if (!v.nationality) v.nationality = plate.ok ? plate.value.country : 'VN';
    const index = model.vehicles.length;
    const trial: DeclarationInput = { ...model, vehicles: [...model.vehicles, v] };
    for (const [col] of CSV_COLUMNS) {
      const message = checkField(`vehicles[${index}].${col}`, fieldOf(v, col), trial);
      if (message) problems.push(message);
    }
    if (problems.length) errors.push({ line: row.line, message: problems.join('; ') });
    else {
      // Shown as the server will store them, as a plate typed in the form is.
      if (plate.ok) v.plate = plate.value.display;
      const trailer = parsePlate(v.trailerPlate);
      if (trailer.ok) v.trailerPlate = trailer.value.display;
      model.vehicles.push(v);
      vehicles.push(v);
    }
  }
  return { vehicles, errors, ...(yard && !formHadYard ? { yard } : {}) };
}
