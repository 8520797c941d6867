// Every word the firm portal shows has its Chinese (简体): each message key its pages name — `t('…')`, the form's
// `field('…')` and `select('…')` labels, and every code of the `label('prefix', code)` families they use — reads
// differently in Chinese than in English (a missing Chinese text falls back to the English one).
import { readFileSync } from 'node:fs';

import { ROLES } from '../../../../libs/domain/src/access/permissions.js';
import { DRIVER_DOCUMENT_TYPES } from '../../../../libs/domain/src/identifiers/driver-document.js';
import {
  DIRECTIONS,
  FEE_CLASSES,
  GOODS_CATEGORIES,
  NATIONALITIES,
} from '../../../../libs/domain/src/identifiers/reference-data.js';
import { LANGUAGES } from '../../../../libs/domain/src/language/language.js';
import { DECLARATION_STATUSES } from '../../../../libs/domain/src/lifecycle/declaration-status.js';
import { VEHICLE_STATES } from '../../../../libs/domain/src/lifecycle/vehicle-states.js';

(globalThis as { document?: unknown }).document = { documentElement: { lang: 'zh' } };
const { label, setLang, t } = await import('../shared/i18n.js');
type Key = Parameters<typeof t>[0];

/** The firm portal's own files and the shared ones that only speak to it or to every console (header, login). */
const FILES = [
  'firm/main.ts',
  'firm/form.ts',
  'firm/book.ts',
  'firm/slip.ts',
  'firm/password-reset.ts',
  'firm/rules.ts',
  'shared/shell.ts',
  'shared/login.ts',
  'shared/format.ts',
  'shared/fees.ts',
].map((f) => readFileSync(new URL(`../${f}`, import.meta.url), 'utf8'));

/** The codes each `label` family is read with. */
const CODES: Record<string, readonly string[]> = {
  st: [...VEHICLE_STATES, ...DECLARATION_STATUSES],
  dir: DIRECTIONS,
  dirLong: DIRECTIONS,
  cat: GOODS_CATEGORIES,
  doc: DRIVER_DOCUMENT_TYPES,
  fee: FEE_CLASSES,
  nat: NATIONALITIES,
  dlang: LANGUAGES,
  role: ROLES,
};

function used(): { keys: Set<string>; prefixes: Set<string> } {
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const src of FILES) {
    for (const m of src.matchAll(/\b(?:t|field|select|input)\(\s*'(\w+)'/g)) keys.add(m[1]);
    for (const m of src.matchAll(/\blabel\(\s*'(\w+)'/g)) prefixes.add(m[1]);
    // select(labelKey, path, value, codes, prefix)
    for (const m of src.matchAll(/\bselect\(\s*'\w+',[^)]*?,\s*'(\w+)'\s*[,)]/g)) prefixes.add(m[1]);
  }
  return { keys, prefixes };
}

const inLang = (lang: 'zh' | 'en', f: () => string) => {
  setLang(lang);
  return f();
};

it('has a Chinese text for every message the firm portal shows', () => {
  const { keys, prefixes } = used();
  expect(keys.size).toBeGreaterThan(100);
  // The language toggle names the language it switches to: from Chinese, Vietnamese.
  const untranslated = [...keys]
    .filter((k) => k !== 'language' && k !== 'none')
    .filter((k) => inLang('zh', () => t(k as Key)) === inLang('en', () => t(k as Key)));
  expect(untranslated).toEqual([]);
  expect([...prefixes]).toEqual(expect.arrayContaining(['cat', 'dirLong', 'doc', 'dlang', 'fee', 'nat', 'st']));
  const codes = [...prefixes].flatMap((p) => {
    if (!CODES[p]) throw new Error(`the codes of label('${p}', …) are not listed here`);
    return CODES[p].map((c) => [p, c] as const);
  });
  expect(codes.filter(([p, c]) => inLang('zh', () => label(p, c)) === inLang('en', () => label(p, c)))).toEqual([]);
});
