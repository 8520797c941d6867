import fc from 'fast-check';
import {
  CN_PROVINCE_ABBREVIATIONS,
  CN_PROVINCE_LATIN,
  normalisePlateKey,
  plateAsTyped,
  parsePlate,
  plateSearchKey,
  plateSearchKeys,
  type Plate,
} from './plates.js';

describe('parsePlate', () => {
  it.each<[string, Plate]>([
    ['12C-123.45', { normalized: '12C12345', display: '12C-123.45', country: 'VN', kind: 'TRACTOR' }],
    ['12c 123 45', { normalized: '12C12345', display: '12C-123.45', country: 'VN', kind: 'TRACTOR' }],
    ['12C12345', { normalized: '12C12345', display: '12C-123.45', country: 'VN', kind: 'TRACTOR' }],
    ['12-C-12345', { normalized: '12C12345', display: '12C-123.45', country: 'VN', kind: 'TRACTOR' }],
    ['１２Ｃ－１２３．４５', { normalized: '12C12345', display: '12C-123.45', country: 'VN', kind: 'TRACTOR' }],
    ['  12C-1234 ', { normalized: '12C1234', display: '12C-1234', country: 'VN', kind: 'TRACTOR' }],
    ['29LD-123.45', { normalized: '29LD12345', display: '29LD-123.45', country: 'VN', kind: 'TRACTOR' }],
    ['29ld12345', { normalized: '29LD12345', display: '29LD-123.45', country: 'VN', kind: 'TRACTOR' }],
    ['51D1-123.45', { normalized: '51D112345', display: '51D1-123.45', country: 'VN', kind: 'TRACTOR' }],
    ['51D112345', { normalized: '51D112345', display: '51D1-123.45', country: 'VN', kind: 'TRACTOR' }],
    // Without a series digit: 5 digits after the letter means a 5-digit number, never D1 + 1234.
    ['51D11234', { normalized: '51D11234', display: '51D-112.34', country: 'VN', kind: 'TRACTOR' }],
    ['99H-999.99', { normalized: '99H99999', display: '99H-999.99', country: 'VN', kind: 'TRACTOR' }],
    ['11A-0001', { normalized: '11A0001', display: '11A-0001', country: 'VN', kind: 'TRACTOR' }],
    ['12R-012.34', { normalized: '12R01234', display: '12R-012.34', country: 'VN', kind: 'TRAILER' }],
    ['12r 01234', { normalized: '12R01234', display: '12R-012.34', country: 'VN', kind: 'TRAILER' }],
    ['12R-0123', { normalized: '12R0123', display: '12R-0123', country: 'VN', kind: 'TRAILER' }],
    ['桂F12345', { normalized: '桂F12345', display: '桂F12345', country: 'CN', kind: 'TRACTOR' }],
    ['桂f 12345', { normalized: '桂F12345', display: '桂F12345', country: 'CN', kind: 'TRACTOR' }],
    ['粤B·12345', { normalized: '粤B12345', display: '粤B12345', country: 'CN', kind: 'TRACTOR' }],
    ['粤B・12345', { normalized: '粤B12345', display: '粤B12345', country: 'CN', kind: 'TRACTOR' }],
    ['粤Ｂ１２３４５', { normalized: '粤B12345', display: '粤B12345', country: 'CN', kind: 'TRACTOR' }],
    ['桂FD12345', { normalized: '桂FD12345', display: '桂FD12345', country: 'CN', kind: 'TRACTOR' }],
    ['粤B12345D', { normalized: '粤B12345D', display: '粤B12345D', country: 'CN', kind: 'TRACTOR' }],
    ['京A-8C3K9', { normalized: '京A8C3K9', display: '京A8C3K9', country: 'CN', kind: 'TRACTOR' }],
    ['桂F1234挂', { normalized: '桂F1234挂', display: '桂F1234挂', country: 'CN', kind: 'TRAILER' }],
    ['桂F·1234 挂', { normalized: '桂F1234挂', display: '桂F1234挂', country: 'CN', kind: 'TRAILER' }],
    ['琼A12345', { normalized: '琼A12345', display: '琼A12345', country: 'CN', kind: 'TRACTOR' }],
  ])('accepts %j', (input, expected) => {
    expect(parsePlate(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, string]>([
    ['', 'PLATE_REQUIRED'],
    ['   ', 'PLATE_REQUIRED'],
    [undefined, 'PLATE_REQUIRED'],
    [null, 'PLATE_REQUIRED'],
    [12345, 'PLATE_INVALID'],
    [{ plate: '12C-123.45' }, 'PLATE_INVALID'],
    ['10C-123.45', 'PLATE_PROVINCE_INVALID'],
    ['00C-123.45', 'PLATE_PROVINCE_INVALID'],
    ['1C-123.45', 'PLATE_INVALID'],
    ['123C-123.45', 'PLATE_INVALID'],
    ['12-123.45', 'PLATE_INVALID'],
    ['12ABC-123.45', 'PLATE_INVALID'],
    ['12C-123', 'PLATE_INVALID'],
    ['12C-123.456', 'PLATE_AMBIGUOUS'],
    ['51D-112345', 'PLATE_AMBIGUOUS'],
    ['12C-1234567', 'PLATE_INVALID'],
    ['12C1-1234', 'PLATE_AMBIGUOUS'],
    ['12C1 12.34', 'PLATE_AMBIGUOUS'],
    ['12C-12A.45', 'PLATE_INVALID'],
    ['12C_123.45', 'PLATE_INVALID'],
    ['12Đ-123.45', 'PLATE_INVALID'],
    ['C12-123.45', 'PLATE_INVALID'],
    ['台A12345', 'PLATE_INVALID'],
    ['港A12345', 'PLATE_INVALID'],
    ['桂12345', 'PLATE_INVALID'],
    ['桂F1234', 'PLATE_INVALID'],
    ['桂F1234567', 'PLATE_INVALID'],
    ['桂FO1234', 'PLATE_INVALID'],
    ['桂F1I234', 'PLATE_INVALID'],
    ['桂F12345挂', 'PLATE_INVALID'],
    ['桂1F2345', 'PLATE_INVALID'],
    ['F12345', 'PLATE_INVALID'],
    ['桂桂F12345', 'PLATE_INVALID'],
  ])('rejects %j with %s', (input, code) => {
    const result = parsePlate(input);
    expect(result).toMatchObject({ ok: false, code });
    const label = { code: 'label_plate' };
    const value = typeof input === 'string' ? `"${input}"` : JSON.stringify(input);
    const refusal = {
      PLATE_REQUIRED: { code: 'idEmpty', params: { label } },
      PLATE_INVALID:
        typeof input === 'string'
          ? { code: 'plateFormat', params: { value } }
          : { code: 'idNotText', params: { label, value } },
      PLATE_PROVINCE_INVALID: { code: 'plateProvince', params: { value } },
      PLATE_AMBIGUOUS: { code: 'plateSeriesUnclear', params: { value, plate: expect.any(String) } },
    }[code];
    expect(!result.ok && result.refusal).toEqual(refusal);
  });

  it('names the bad value (the expected shapes are the catalog’s words)', () => {
    expect(parsePlate('12C-12')).toEqual({
      ok: false,
      code: 'PLATE_INVALID',
      refusal: { code: 'plateFormat', params: { value: '"12C-12"' } },
    });
  });

  it('names a series it cannot place, and the spelling that would be read', () => {
    expect(!parsePlate('12C1-1234').ok && (parsePlate('12C1-1234') as { refusal: unknown }).refusal).toEqual({
      code: 'plateSeriesUnclear',
      params: { value: '"12C1-1234"', plate: '12C-112.34' },
    });
  });

  it('truncates very long bad values in the message', () => {
    const result = parsePlate('X'.repeat(500));
    expect(!result.ok && result.refusal.params?.value).toBe(`"${'X'.repeat(40)}…"`);
  });

  it.each([
    ['12C-123.45', 'TRACTOR', true],
    ['12C-123.45', 'TRAILER', false],
    ['12R-012.34', 'TRAILER', true],
    ['12R-012.34', 'TRACTOR', false],
    ['桂F1234挂', 'TRAILER', true],
    ['桂F12345', 'TRAILER', false],
  ] as const)('enforces kind: %s as %s → %s', (input, kind, accepted) => {
    const result = parsePlate(input, { kind });
    expect(result.ok).toBe(accepted);
    if (!result.ok) {
      expect(result.code).toBe('PLATE_KIND_MISMATCH');
      expect(result.refusal).toEqual({
        code: 'plateKindMismatch',
        params: {
          value: `"${input}"`,
          kind: { code: kind === 'TRAILER' ? 'kind_TRACTOR' : 'kind_TRAILER' },
          expected: { code: `kind_${kind}` },
        },
      });
    }
  });

  it('accepts every one of the 31 province abbreviations and nothing else', () => {
    expect(CN_PROVINCE_ABBREVIATIONS).toHaveLength(31);
    expect(new Set(CN_PROVINCE_ABBREVIATIONS).size).toBe(31);
    for (const p of CN_PROVINCE_ABBREVIATIONS) expect(parsePlate(`${p}A12345`).ok).toBe(true);
    for (const p of '港澳台使领警学中国') expect(parsePlate(`${p}A12345`).ok).toBe(false);
  });
});

describe('Chinese plates typed without a Chinese keyboard', () => {
  it('reads the province in Latin letters: its pinyin or its name, any spacing or case', () => {
    for (const typed of ['GUI F12345', 'gui-f 12345', 'GUIF12345', 'Guangxi F12345', 'ＧＵＩ F12345'])
      expect(normalisePlateKey(typed)).toBe('桂F12345');
    expect(normalisePlateKey('YUN A12345')).toBe('云A12345');
    expect(normalisePlateKey('YUNNAN A12345')).toBe('云A12345');
    expect(normalisePlateKey('YUE B12345')).toBe('粤B12345');
    expect(normalisePlateKey('GUIZHOU A12345')).toBe('贵A12345');
    expect(normalisePlateKey('GUI F1234挂')).toBe('桂F1234挂');
  });

  it('refuses a syllable two provinces share, naming both readings', () => {
    const r = parsePlate('JIN A12345');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('PLATE_PROVINCE_AMBIGUOUS');
      expect(r.refusal).toEqual({
        code: 'plateProvinceAmbiguous',
        params: { value: '"JIN A12345"', one: '晋A12345', other: '津A12345' },
      });
    }
    expect(normalisePlateKey('TIANJIN A12345')).toBe('津A12345');
  });

  it('gives every province a spelling, each naming only real provinces', () => {
    const spelled = new Set(Object.values(CN_PROVINCE_LATIN).flat());
    expect([...spelled].sort()).toEqual([...CN_PROVINCE_ABBREVIATIONS].sort());
  });

  it('never turns a Vietnamese plate into a Chinese one', () => {
    for (const vn of ['12C-123.45', '29LD-123.45', '12R-012.34']) {
      const r = parsePlate(vn);
      expect(r.ok && r.value.country).toBe('VN');
    }
  });
});

describe('normalisePlateKey', () => {
  it('gives the same key for every spelling of a plate', () => {
    const spellings = ['12C-123.45', '12c12345', '12 C 123 45', '12C.123.45', '１２ｃ１２３４５', '12C–123·45'];
    expect(new Set(spellings.map(normalisePlateKey))).toEqual(new Set(['12C12345']));
  });

  it('returns null for non-plates', () => {
    expect(normalisePlateKey('not a plate')).toBeNull();
    expect(normalisePlateKey(undefined)).toBeNull();
  });

  it('keeps different plates apart', () => {
    expect(normalisePlateKey('12C-1234')).not.toBe(normalisePlateKey('12C-012.34'));
    expect(normalisePlateKey('12C-123.45')).not.toBe(normalisePlateKey('12R-123.45'));
  });
});

describe('plate properties', () => {
  const digit = fc.constantFrom(...'0123456789');
  const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  const cnSerialChar = fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRSTUVWXYZ');
  const chars = (unit: fc.Arbitrary<string>, min: number, max = min) =>
    fc.array(unit, { minLength: min, maxLength: max }).map((c) => c.join(''));

  /** A valid plate key plus the one index before which a separator would contradict the series boundary. */
  type Sample = { plate: string; boundary: number };
  const vnPlate: fc.Arbitrary<Sample> = fc
    .tuple(fc.integer({ min: 11, max: 99 }), chars(letter, 1, 2), fc.option(digit), fc.integer({ min: 4, max: 5 }))
    .chain(([province, letters, seriesDigit, length]) =>
      chars(digit, seriesDigit === null ? length : 5).map((number) => ({
        plate: `${province}${letters}${seriesDigit ?? ''}${number}`,
        // Index of the series digit, or of the 2nd digit of a 5-digit number (see contradictsSeriesBoundary).
        boundary: seriesDigit !== null ? 2 + letters.length : number.length === 5 ? 3 + letters.length : -1,
      })),
    );
  const cnPlate: fc.Arbitrary<Sample> = fc
    .tuple(
      fc.constantFrom(...CN_PROVINCE_ABBREVIATIONS),
      letter,
      fc.oneof(
        chars(cnSerialChar, 5, 6),
        chars(cnSerialChar, 4).map((c) => `${c}挂`),
      ),
    )
    .map(([p, l, s]) => ({ plate: `${p}${l}${s}`, boundary: -1 }));

  const fullWidth = (ch: string) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0);
  const separator = fc.constantFrom('', '', '', ' ', '.', '-', '·', '  ', ' - ', '．', '－', '　', '–');

  /** Random case, full-width letters/digits and a random separator before any character except `skip`. */
  const respell = (plate: string, skip: number) =>
    fc
      .tuple(
        ...[...plate].map((ch, i) =>
          fc.tuple(i === skip ? fc.constant('') : separator, fc.boolean(), fc.boolean()).map(([sep, lower, wide]) => {
            let out = lower ? ch.toLowerCase() : ch;
            if (wide && /[0-9A-Za-z]/.test(out)) out = fullWidth(out);
            return sep + out;
          }),
        ),
        separator,
      )
      .map((parts) => parts.join(''));

  it('any respelling of a valid plate gives the same key, and key and display round-trip', () => {
    fc.assert(
      fc.property(
        fc.oneof(vnPlate, cnPlate).chain((s) => fc.tuple(fc.constant(s.plate), respell(s.plate, s.boundary))),
        ([plate, spelling]) => {
          const canonical = parsePlate(plate);
          const respelled = parsePlate(spelling);
          if (!canonical.ok || !respelled.ok) throw new Error(`rejected ${plate} / ${spelling}`);
          expect(respelled.value).toEqual(canonical.value);
          expect(canonical.value.normalized).toBe(plate);
          expect(parsePlate(canonical.value.display)).toEqual(canonical);
          expect(parsePlate(canonical.value.normalized)).toEqual(canonical);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a separator that moves the series boundary is refused, never read as another plate', () => {
    fc.assert(
      fc.property(
        vnPlate.filter((s) => s.boundary > 0).chain((s) => fc.tuple(fc.constant(s), respell(s.plate, -1))),
        ([{ plate, boundary }, spelling]) => {
          const result = parsePlate(spelling);
          if (result.ok) expect(result.value.normalized).toBe(plate);
          else expect(result.code).toBe('PLATE_AMBIGUOUS');
          const split = parsePlate(`${plate.slice(0, boundary)} ${plate.slice(boundary)}`);
          expect(split).toMatchObject({ ok: false, code: 'PLATE_AMBIGUOUS' });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws, and every accepted key re-parses to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789ABCRDLabcr -.·桂粤挂F') }), (s) => {
        const result = parsePlate(s);
        if (result.ok) expect(normalisePlateKey(result.value.normalized)).toBe(result.value.normalized);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('plateSearchKeys', () => {
  const finds = (query: string, plate: string) => plateSearchKeys(query).some((k) => plateSearchKey(plate).includes(k));

  it('finds a Chinese plate by its province in Latin letters, whole or in part', () => {
    expect(finds('GUI F12345', '桂F12345')).toBe(true);
    expect(finds('gui-f12', '桂F12345')).toBe(true);
    expect(finds('guangxi f 12345', '桂F12345')).toBe(true);
    expect(finds('YUN A', '云A88888')).toBe(true);
    expect(finds('GUI F12345', '云F12345')).toBe(false);
  });

  it('gives every reading of a syllable two provinces share', () => {
    expect(plateSearchKeys('YU A1')).toEqual(expect.arrayContaining(['YUA1', '渝A1', '豫A1']));
  });

  it('finds a Vietnamese plate in any spelling and by any piece of it', () => {
    expect(finds('12c 123 45', '12C-123.45')).toBe(true);
    expect(finds('123.4', '12C-123.45')).toBe(true);
    expect(finds('29LD', '29LD-123.45')).toBe(true);
    expect(finds('12C-123.46', '12C-123.45')).toBe(false);
  });

  it('keeps a plain piece as it is and gives nothing for an empty query', () => {
    expect(plateSearchKeys('  ')).toEqual([]);
    expect(plateSearchKeys('f12')).toEqual(['F12']);
    // A spelling with nothing after it is not yet a province.
    expect(plateSearchKeys('GUI')).toEqual(['GUI']);
  });

  it('every plate is found by its own display form and by each Latin spelling of its province', () => {
    for (const [spelling, provinces] of Object.entries(CN_PROVINCE_LATIN))
      for (const p of provinces) expect(finds(`${spelling} A12345`, `${p}A12345`)).toBe(true);
  });
});

describe('plateAsTyped', () => {
  it.each([
    ['12c 123.45', '12C-123.45'],
    ['１２Ｃ－１２３．４５', '12C-123.45'],
    ['29ld  – 123.45', '29LD-123.45'],
    ['桂f12345', '桂F12345'],
    ['gui f12345', 'GUI-F12345'],
  ])('%s is shown as %s while typed, and parses as the same plate', (typed, shown) => {
    expect(plateAsTyped(typed)).toBe(shown);
    expect(normalisePlateKey(shown)).toBe(normalisePlateKey(typed));
  });

  it('keeps every character in its place, so the cursor does not move', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-z.]{0,12}$/), (s) => expect(plateAsTyped(s)).toHaveLength(s.length)),
    );
  });
});
