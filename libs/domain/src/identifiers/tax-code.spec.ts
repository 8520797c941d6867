import { parseTaxCode, taxCodeCheckDigit } from './tax-code.js';

// Published enterprise codes (national business registration portal); they pin the check-digit rule.
const REAL_CODES = [
  '0100109106', // Viettel
  '0100686174',
  '0300588569', // Vinamilk
  '0101248141', // FPT
  '0100112437',
  '0100233583',
  '0102100740',
  '0301464830',
  '0100107518',
  '0106026495',
  '0305008980',
  '0200519875',
];

describe('taxCodeCheckDigit', () => {
  it.each(REAL_CODES)('matches the last digit of real code %s', (code) => {
    expect(taxCodeCheckDigit(code.slice(0, 9))).toBe(Number(code[9]));
  });

  it('returns null when no check digit exists for the prefix', () => {
    // 0302138095: 31·0+29·3+23·0+19·2+17·1+13·3+7·8+5·0+3·9 = 264 = 24·11 → 10 − 0 = 10.
    expect(taxCodeCheckDigit('030213809')).toBeNull();
  });
});

describe('parseTaxCode', () => {
  it.each([
    ['0100109106', { normalized: '0100109106', base: '0100109106' }],
    [' 0100109106 ', { normalized: '0100109106', base: '0100109106' }],
    ['０１００１０９１０６', { normalized: '0100109106', base: '0100109106' }],
    ['0100 109 106', { normalized: '0100109106', base: '0100109106' }],
    ['0100109106-001', { normalized: '0100109106-001', base: '0100109106', branch: '001' }],
    ['0100109106001', { normalized: '0100109106-001', base: '0100109106', branch: '001' }],
    ['0100109106 - 012', { normalized: '0100109106-012', base: '0100109106', branch: '012' }],
    ['0300588569–999', { normalized: '0300588569-999', base: '0300588569', branch: '999' }],
  ])('accepts %j', (input, value) => {
    expect(parseTaxCode(input)).toEqual({ ok: true, value });
  });

  it.each<[unknown, string]>([
    ['', 'TAX_CODE_REQUIRED'],
    [100109106, 'TAX_CODE_INVALID'],
    ['010010910', 'TAX_CODE_INVALID'],
    ['01001091061', 'TAX_CODE_INVALID'],
    ['0100109106-01', 'TAX_CODE_INVALID'],
    ['0100109106-0001', 'TAX_CODE_INVALID'],
    ['0100109106/001', 'TAX_CODE_INVALID'],
    ['010010910A', 'TAX_CODE_INVALID'],
    ['0100109106-000', 'TAX_CODE_INVALID'],
    ['0100109107', 'TAX_CODE_CHECK_DIGIT'],
    ['0100109107-001', 'TAX_CODE_CHECK_DIGIT'],
    ['0302138095', 'TAX_CODE_CHECK_DIGIT'],
    // The example in DESIGN §3 does not satisfy the check digit (0101234565 would).
    ['0101234567-001', 'TAX_CODE_CHECK_DIGIT'],
  ])('rejects %j with %s', (input, code) => {
    const result = parseTaxCode(input);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok)
      expect(result.refusal).toEqual(
        code.endsWith('_REQUIRED')
          ? { code: 'idEmpty', params: { label: { code: 'label_taxCode' } } }
          : typeof input !== 'string'
            ? { code: 'idNotText', params: { label: { code: 'label_taxCode' }, value: JSON.stringify(input) } }
            : {
                code:
                  code === 'TAX_CODE_CHECK_DIGIT'
                    ? 'taxCodeCheckDigit'
                    : input === '0100109106-000'
                      ? 'taxCodeBranch'
                      : 'taxCodeFormat',
                params: expect.objectContaining({ value: `"${input}"` }),
              },
      );
  });
});
