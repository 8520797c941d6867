import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES } from '#libs/domain/src/language/language.js';
import { AppError } from './app-error.js';
import { MESSAGES, type MessageKey, renderMessage, stateMessage } from './messages.js';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalog', () => {
  it.each(Object.entries(MESSAGES))('%s has every language, each with the same placeholders', (_, texts) => {
    const byLang = texts as Record<string, string>;
    expect(Object.keys(byLang).sort()).toEqual([...LANGUAGES].sort());
    for (const lang of LANGUAGES) expect(byLang[lang].trim()).not.toBe('');
    for (const lang of LANGUAGES) expect(placeholders(byLang[lang])).toEqual(placeholders(byLang.vi));
  });

  it('writes Chinese in Chinese: every zh text that is not only a placeholder or a code has Han characters', () => {
    const notChinese = Object.entries(MESSAGES)
      .filter(([, t]) => !/\p{Script=Han}/u.test(t.zh))
      .map(([key]) => key);
    expect(notChinese).toEqual(['statusAndState', 'listComma', 'listSemicolon']);
  });

  it('fills placeholders, a message inside a message in the same language, and leaves unknown ones visible', () => {
    const m = { key: 'confirmNotNow', params: { state: stateMessage('CLEARED') } } as const;
    expect(renderMessage(m, 'vi')).toBe('Không thể xác nhận khi xe đang ở trạng thái CLEARED (đã thông quan)');
    expect(renderMessage(m, 'zh')).toBe('车辆处于 CLEARED（已通关） 状态时无法确认');
    expect(renderMessage({ key: 'gateNotFound' }, 'en')).toBe('Gate {gate} not found');
  });

  it('an AppError reads Vietnamese as an Error and renders its body and field errors in the language asked', () => {
    const e = AppError.invalid('plate', 'plateInvalidQuoted', { plate: 'X' });
    expect(e.message).toBe('Biển số không hợp lệ: "X"');
    expect(e.render('zh')).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: '车牌无效："X"',
      errors: [{ field: 'plate', message: '车牌无效："X"' }],
    });
    expect(e.render('en').message).toBe('Invalid plate: "X"');
  });
});

// Every refusal names a catalog key, so it can be said in every language: a literal text handed to AppError
// (or to its notFound / forbidden / invalid) would reach Chinese and English readers in Vietnamese.
describe('every refusal in apps/ and libs/ names a catalog key', () => {
  const root = join(import.meta.dirname, '../../..');
  const sources = ['apps', 'libs'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !/\.(e2e-)?spec\.ts$/.test(f) && !f.includes('node_modules'))
      .map((f) => join(dir, f)),
  );

  /** The argument at `index` of the call whose `(` is at `open`, as written (trimmed). */
  function argument(text: string, open: number, index: number): string | null {
    let depth = 0;
    let quote: string | null = null;
    let start = open + 1;
    let n = 0;
    for (let i = open + 1; i < text.length; i++) {
      const c = text[i];
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
        continue;
      }
      if (c === "'" || c === '"' || c === '`') quote = c;
      else if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c) && depth > 0) depth--;
      else if ((c === ',' || c === ')') && depth === 0) {
        if (n === index) return text.slice(start, i).trim();
        if (c === ')') return null;
        n++;
        start = i + 1;
      }
    }
    return null;
  }

  const CALLS: [RegExp, number][] = [
    [/new AppError\(/g, 1],
    [/AppError\.invalid\(/g, 1],
    [/AppError\.(notFound|forbidden)\(/g, 0],
  ];

  function literalTexts(text: string): string[] {
    const out: string[] = [];
    for (const [re, index] of CALLS) {
      for (const m of text.matchAll(re)) {
        const arg = argument(text, m.index + m[0].length - 1, index);
        if (!arg) continue;
        const literal = /^(['"`])([\s\S]*)\1$/.exec(arg);
        if (literal && (literal[1] === '`' || !(literal[2] in MESSAGES))) out.push(arg);
      }
    }
    return out;
  }

  it('finds the call sites it checks', () => {
    expect(sources.length).toBeGreaterThan(100);
    const calls = sources.reduce(
      (n, f) => n + (readFileSync(join(root, f), 'utf8').match(/AppError[.(]/g)?.length ?? 0),
      0,
    );
    expect(calls).toBeGreaterThan(100);
  });

  it('refuses a literal text and accepts a key (the check itself)', () => {
    expect(literalTexts("throw new AppError('CONFLICT', 'Kết nối đã đóng');")).toEqual(["'Kết nối đã đóng'"]);
    expect(literalTexts('throw AppError.invalid(f(a, b), `Ngày ${d}`);')).toEqual(['`Ngày ${d}`']);
    expect(literalTexts("AppError.notFound('tờ khai')")).toEqual(["'tờ khai'"]);
    const key: MessageKey = 'connectionClosed';
    expect(literalTexts(`new AppError('CONFLICT', '${key}', { a: 'x, y' })`)).toEqual([]);
    expect(literalTexts('AppError.forbidden()')).toEqual([]);
  });

  it('in every non-test source file', () => {
    const found = sources.flatMap((f) => literalTexts(readFileSync(join(root, f), 'utf8')).map((t) => `${f}: ${t}`));
    expect(found).toEqual([]);
  });

  // libs/domain refuses with codes (libs/domain/src/refusal.ts), said through the catalog: a text phrased in the
  // domain, or handed on as given, would reach Chinese and English readers in Vietnamese.
  const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]/i;
  const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const vietnameseLiterals = (text: string) =>
    [...withoutComments(text).matchAll(/(['"`])(?:\\.|(?!\1)[^\\\n])*\1/g)]
      .map((m) => m[0])
      .filter((s) => VIETNAMESE.test(s));

  it('the scan for Vietnamese text sees literals, not comments (the check itself)', () => {
    expect(vietnameseLiterals("// 'Biển số'\nconst a = `Xe ${p} đã`; /* 'đã' */ const b = 'ok';")).toEqual([
      '`Xe ${p} đã`',
    ]);
  });

  it('libs/domain writes no sentence of its own, outside the records and notices it keeps in every language', () => {
    const written = sources
      .filter((f) => f.startsWith(join('libs', 'domain')))
      .filter((f) => vietnameseLiterals(readFileSync(join(root, f), 'utf8')).length > 0)
      .sort();
    expect(written).toEqual(
      [
        // The sentences the accountability records held before their reasons had codes, read back to the codes.
        'libs/domain/src/accountability/delay-reasons.ts',
        // Written out in each language.
        'libs/domain/src/notifications/notices.ts',
        'libs/domain/src/slots/waiting-yards.ts',
        'libs/domain/src/webhooks/webhook-events.ts',
      ].map((f) => join(...f.split('/'))),
    );
  });

  it('hands no text on as it was phrased elsewhere: the JSON checks, the parser and class-validator speak the catalog', () => {
    // A message that is only a placeholder in every language would carry its text untranslated.
    const passThrough = Object.entries(MESSAGES)
      .filter(([, t]) => LANGUAGES.every((l) => /^\{\w+\}$/.test((t as Record<string, string>)[l].trim())))
      .map(([key]) => key);
    expect(passThrough).toEqual([]);
    const givers = sources.filter((f) => /\basGiven/.test(readFileSync(join(root, f), 'utf8')));
    expect(givers).toEqual([]);
    // The JSON checks name catalog keys; no sentence of their own.
    const hygiene = readFileSync(join(root, 'libs/validation/src/json-hygiene.ts'), 'utf8');
    expect(vietnameseLiterals(hygiene)).toEqual([]);
  });

  it('says every message in Chinese and English, not in Vietnamese again', () => {
    // Codes, lists and the state phrase are the same in every language; every other text is translated.
    const same = Object.entries(MESSAGES)
      .filter(([, t]) => (t.zh as string) === t.vi || (t.en as string) === t.vi)
      .map(([key]) => key);
    expect(same).toEqual(['statusAndState', 'listComma', 'listSemicolon', 'rejectedBecause']);
  });
});
