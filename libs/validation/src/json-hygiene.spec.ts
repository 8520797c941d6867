import fc from 'fast-check';
import { renderMessage } from '#libs/errors/src/messages.js';
import {
  cleanJsonValue,
  findDuplicateJsonKey,
  JsonBodyError,
  MAX_JSON_ARRAY_LENGTH,
  MAX_JSON_DEPTH,
  parseClientJson,
  type JsonProblem,
} from './json-hygiene.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

/** The problem found, its message said in `lang` (Vietnamese unless asked). */
function refusal(body: Uint8Array | string, lang: 'vi' | 'zh' | 'en' = 'vi'): { field: string; message: string } {
  try {
    parseClientJson(typeof body === 'string' ? bytes(body) : body);
  } catch (e) {
    expect(e).toBeInstanceOf(JsonBodyError);
    const p: JsonProblem = (e as JsonBodyError).problem;
    return { field: p.field, message: renderMessage(p.message, lang) };
  }
  throw new Error('accepted');
}

/** Any UTF-16 code unit, lone surrogates included: the whole space a JSON string can carry. */
const anyCodeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
const isWellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const hasControl = (s: string) => /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(s);

describe('parseClientJson', () => {
  it('reads ordinary bodies, Vietnamese and Chinese text included, unchanged', () => {
    const body = {
      driverName: 'Nguyễn Văn Ấn',
      plate: '桂F12345',
      weight: 12500,
      items: [1.5, 0, -3],
      ok: true,
      n: null,
    };
    expect(parseClientJson(bytes(JSON.stringify(body)))).toEqual(body);
  });

  it('refuses bytes that are not UTF-8, naming the body', () => {
    for (const raw of [[0xff], [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d], [0xed, 0xa0, 0x80]])
      expect(refusal(Uint8Array.from(raw))).toEqual({ field: 'body', message: expect.stringContaining('UTF-8') });
  });

  it('refuses text that is not JSON', () => {
    for (const raw of ['', '{', '{"a":1,}', "{'a':1}", 'NaN', '[1,]']) expect(refusal(raw).field).toBe('body');
  });

  it('names the field that holds a lone surrogate, escaped or not', () => {
    expect(refusal('{"driverName":"ab\\ud800cd"}')).toEqual({
      field: 'driverName',
      message: expect.stringContaining('Unicode'),
    });
    expect(refusal('{"vehicles":[{"driverName":"x"},{"driverName":"\\udc00"}]}').field).toBe('vehicles[1].driverName');
    expect(refusal('{"note":"\\ud83d\\ude00\\ud83d"}').field).toBe('note');
    // A well-formed pair is a character (an emoji here) and passes.
    expect(parseClientJson(bytes('{"note":"\\ud83d\\ude00"}'))).toEqual({ note: '😀' });
  });

  it('refuses control characters but keeps tab and line breaks', () => {
    expect(refusal('{"note":"a\\u0000b"}').field).toBe('note');
    expect(refusal('{"note":"a\\u001bb"}').field).toBe('note');
    expect(refusal('{"note":"a\\u0085b"}').field).toBe('note');
    expect(parseClientJson(bytes('{"note":"a\\tb\\r\\nc"}'))).toEqual({ note: 'a\tb\r\nc' });
  });

  it('stores text in NFC: a decomposed "ễ" becomes the precomposed one, in values and keys', () => {
    const decomposed = 'Nguye\u0302\u0303n';
    expect(parseClientJson(bytes(JSON.stringify({ driverName: decomposed })))).toEqual({ driverName: 'Nguyễn' });
    expect(Object.keys(parseClientJson(bytes(JSON.stringify({ ['ke\u0301y']: 1 }))) as object)).toEqual(['kéy']);
  });

  it('refuses a key given twice in one object, also when only its escapes or its Unicode form differ', () => {
    expect(refusal('{"plate":"12C-1","plate":"12C-2"}')).toEqual({
      field: 'plate',
      message: expect.stringContaining('hai lần'),
    });
    expect(refusal('{"a":{"b":1,"\\u0062":2}}').field).toBe('a.b');
    expect(refusal('{"v":[{"x":1},{"x":1,"x":2}]}').field).toBe('v[1].x');
    expect(refusal(`{"${'é'}":1,"${'e\u0301'}":2}`).field).toBe('é');
    // The same key in sibling objects, and strings that look like keys, are fine.
    expect(parseClientJson(bytes('{"v":[{"x":1},{"x":2}],"s":"\\"x\\":1,\\"x\\":2"}'))).toBeTruthy();
  });

  it('refuses numbers outside the safe integer range and -0', () => {
    for (const [raw, field] of [
      ['{"weight":9007199254740993}', 'weight'],
      ['{"weight":-9007199254740993}', 'weight'],
      ['{"weight":1e400}', 'weight'],
      ['{"weight":-1e400}', 'weight'],
      ['{"weight":1e300}', 'weight'],
      ['{"weight":-0}', 'weight'],
      ['{"a":[1,-0.0]}', 'a[1]'],
    ] as const)
      expect(refusal(raw).field).toBe(field);
    expect(parseClientJson(bytes(`{"a":${Number.MAX_SAFE_INTEGER},"b":0.5,"c":-12.75,"d":0,"e":1e-300}`))).toEqual({
      a: Number.MAX_SAFE_INTEGER,
      b: 0.5,
      c: -12.75,
      d: 0,
      e: 1e-300,
    });
  });

  it('refuses huge arrays, deep nesting and __proto__ keys', () => {
    expect(refusal(JSON.stringify({ items: new Array(MAX_JSON_ARRAY_LENGTH + 1).fill(0) })).field).toBe('items');
    expect(parseClientJson(bytes(JSON.stringify({ items: new Array(MAX_JSON_ARRAY_LENGTH).fill(0) })))).toBeTruthy();
    expect(refusal('{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1)).message).toContain(
      'lồng',
    );
    expect(refusal('{"__proto__":{"admin":true}}').field).toBe('__proto__');
  });

  it('property: any string a client can send is refused exactly when it is not well-formed or holds a control', () => {
    fc.assert(
      fc.property(anyCodeUnits, (s) => {
        const result = cleanJsonValue({ note: s });
        const bad = !isWellFormed(s) || hasControl(s);
        expect('problem' in result).toBe(bad);
        if ('problem' in result) expect(result.problem.field).toBe('note');
        else expect(result.value).toEqual({ note: s.normalize('NFC') });
      }),
      { numRuns: 2000 },
    );
  });

  it('property: arbitrary bytes are either refused with a JsonBodyError or give a clean value (never another error)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (raw) => {
        try {
          const v = parseClientJson(raw);
          expect('value' in cleanJsonValue(v)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(JsonBodyError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('names a repeated key within its message when the text is a list of messages (a socket.io frame)', () => {
    const frame = '["subscribe",{"gate":"A","filter":{"view":"x","view":"y"}},{"gate":"B"}]';
    expect(findDuplicateJsonKey(frame, { argumentList: true })).toEqual({
      field: 'filter.view',
      message: { key: 'jsonKeyTwice', params: { field: 'filter.view' } },
    });
    expect(findDuplicateJsonKey(frame)?.field).toBe('body[1].filter.view');
  });

  it('property: a JSON text without repeated keys is never reported, and a repeated key always is', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.string({ minLength: 1, maxLength: 5 }), (v, key) => {
        const text = JSON.stringify(v);
        // JSON.stringify never repeats a key, but keys that differ only in Unicode form count as repeated.
        const keysNfcUnique = (x: unknown): boolean =>
          x === null || typeof x !== 'object'
            ? true
            : Array.isArray(x)
              ? x.every(keysNfcUnique)
              : new Set(Object.keys(x).map((k) => k.normalize('NFC'))).size === Object.keys(x).length &&
                Object.values(x).every(keysNfcUnique);
        if (keysNfcUnique(v)) expect(findDuplicateJsonKey(text)).toBeNull();
        const k = JSON.stringify(key);
        expect(findDuplicateJsonKey(`{"w":${text},${k}:1,${k}:2}`)).not.toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  it('property: numbers are kept exactly when finite, safe and not -0', () => {
    fc.assert(
      fc.property(fc.double(), (n) => {
        const text = Object.is(n, -0) ? '{"n":-0}' : `{"n":${JSON.stringify(n)}}`;
        if (!Number.isFinite(n)) return; // JSON.stringify gives null: not a number literal
        const ok = !Object.is(n, -0) && (!Number.isInteger(n) || Number.isSafeInteger(n));
        if (ok) expect(parseClientJson(bytes(text))).toEqual({ n });
        else expect(refusal(text).field).toBe('n');
      }),
      { numRuns: 2000 },
    );
  });
});

// Every refusal of a client's JSON comes from the catalog: said in Chinese and English too, never passed on as the
// parser phrased it.
describe('the refusals in every language', () => {
  it.each([
    ['not UTF-8', Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d]), 'body', '请求内容不是有效的 UTF-8 文本'],
    ['a syntax error', '{a:1}', 'body', 'JSON 在第 1 个字符处格式无效'],
    ['a syntax error without a position', '{"a":', 'body', 'JSON 格式无效'],
    ['a lone surrogate', '{"a":"\\ud800"}', 'a', '"a"含有无效的 Unicode 字符'],
    ['a control character', '{"a":"x\\u0001"}', 'a', '"a"含有不允许的控制字符'],
    ['an unsafe number', '{"a":9007199254740993}', 'a', '"a"超出允许的数值范围'],
    ['-0', '{"a":-0}', 'a', '"a"不能为 -0'],
    [
      'deep nesting',
      '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1),
      'a.'.repeat(MAX_JSON_DEPTH - 1) + 'a',
      `数据嵌套超过 ${MAX_JSON_DEPTH} 层`,
    ],
    [
      'a long array',
      JSON.stringify({ a: new Array(MAX_JSON_ARRAY_LENGTH + 1).fill(0) }),
      'a',
      `"a"的元素超过 ${MAX_JSON_ARRAY_LENGTH} 个`,
    ],
    ['a bad key', '{"\\ud800":1}', 'body', '"body"中的字段名含有无效字符'],
    ['__proto__', '{"__proto__":1}', '__proto__', '不允许字段"__proto__"'],
    ['a key twice', '{"a":1,"a":2}', 'a', '字段"a"出现了两次'],
  ])('%s', (_, body, field, zh) => {
    const vi = refusal(body);
    expect(vi.field).toBe(field);
    expect(refusal(body, 'zh')).toEqual({ field, message: zh });
    const en = refusal(body, 'en').message;
    expect(en).not.toBe(vi.message);
    expect(en).toMatch(/^[\x20-\x7e’]+$/);
  });
});
