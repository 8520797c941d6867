import { parseCustomsDeclarationNumber, parseHsCode, parseSealNumber } from './customs-codes.js';

describe('parseCustomsDeclarationNumber', () => {
  it.each([
    ['104123456789', '104123456789'],
    [' 304 123 456 789 ', '304123456789'],
    ['104-123-456-789', '104123456789'],
    ['１０４１２３４５６７８９', '104123456789'],
  ])('accepts %j', (input, value) => {
    expect(parseCustomsDeclarationNumber(input)).toEqual({ ok: true, value: { normalized: value } });
  });

  it.each<[unknown, string]>([
    ['', 'CUSTOMS_DECLARATION_NUMBER_REQUIRED'],
    [104123456789, 'CUSTOMS_DECLARATION_NUMBER_INVALID'],
    ['10412345678', 'CUSTOMS_DECLARATION_NUMBER_INVALID'],
    ['1041234567890', 'CUSTOMS_DECLARATION_NUMBER_INVALID'],
    ['10412345678A', 'CUSTOMS_DECLARATION_NUMBER_INVALID'],
    ['TK104123456789', 'CUSTOMS_DECLARATION_NUMBER_INVALID'],
  ])('rejects %j with %s', (input, code) => {
    const result = parseCustomsDeclarationNumber(input);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok)
      expect(result.refusal).toEqual(
        code.endsWith('_REQUIRED')
          ? { code: 'idEmpty', params: { label: { code: 'label_customsDeclarationNumber' } } }
          : typeof input !== 'string'
            ? {
                code: 'idNotText',
                params: { label: { code: 'label_customsDeclarationNumber' }, value: JSON.stringify(input) },
              }
            : { code: 'customsNumberFormat', params: expect.objectContaining({ value: `"${input}"` }) },
      );
  });
});

describe('parseHsCode', () => {
  it.each([
    ['0810', '0810', '0810'],
    ['0810.90', '081090', '0810.90'],
    ['081090', '081090', '0810.90'],
    ['0810.90.10', '08109010', '0810.90.10'],
    ['0810 90 10', '08109010', '0810.90.10'],
    ['8703.23', '870323', '8703.23'],
    ['9801.00.00', '98010000', '9801.00.00'],
  ])('accepts %j', (input, normalized, display) => {
    expect(parseHsCode(input)).toEqual({ ok: true, value: { normalized, display } });
  });

  it.each<[unknown, string]>([
    ['', 'HS_CODE_REQUIRED'],
    [810, 'HS_CODE_INVALID'],
    ['081', 'HS_CODE_INVALID'],
    ['81090', 'HS_CODE_INVALID'],
    ['0810901', 'HS_CODE_INVALID'],
    ['081090100', 'HS_CODE_INVALID'],
    ['0810.9A', 'HS_CODE_INVALID'],
    ['0010.90', 'HS_CODE_INVALID'],
  ])('rejects %j with %s', (input, code) => {
    const result = parseHsCode(input);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok)
      expect(result.refusal).toEqual(
        code.endsWith('_REQUIRED')
          ? { code: 'idEmpty', params: { label: { code: 'label_hsCode' } } }
          : typeof input !== 'string'
            ? { code: 'idNotText', params: { label: { code: 'label_hsCode' }, value: JSON.stringify(input) } }
            : { code: 'hsCodeFormat', params: expect.objectContaining({ value: `"${input}"` }) },
      );
  });
});

describe('parseSealNumber', () => {
  it.each([
    ['A1234567', 'A1234567'],
    ['vn-hq 123456', 'VN-HQ123456'],
    ['1234', '1234'],
    ['ABCD-1234-EFGH-56789', 'ABCD-1234-EFGH-56789'],
    ['ＶＮ１２３４', 'VN1234'],
  ])('accepts %j', (input, value) => {
    expect(parseSealNumber(input)).toEqual({ ok: true, value: { normalized: value } });
  });

  it.each<[unknown, string]>([
    ['', 'SEAL_NUMBER_REQUIRED'],
    [12345, 'SEAL_NUMBER_INVALID'],
    ['123', 'SEAL_NUMBER_INVALID'],
    ['ABCD-1234-EFGH-567890', 'SEAL_NUMBER_INVALID'],
    ['-1234', 'SEAL_NUMBER_INVALID'],
    ['1234-', 'SEAL_NUMBER_INVALID'],
    ['12.34', 'SEAL_NUMBER_INVALID'],
    ['SEAL#1234', 'SEAL_NUMBER_INVALID'],
    ['niêm1234', 'SEAL_NUMBER_INVALID'],
  ])('rejects %j with %s', (input, code) => {
    const result = parseSealNumber(input);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok)
      expect(result.refusal).toEqual(
        code.endsWith('_REQUIRED')
          ? { code: 'idEmpty', params: { label: { code: 'label_sealNumber' } } }
          : typeof input !== 'string'
            ? { code: 'idNotText', params: { label: { code: 'label_sealNumber' }, value: JSON.stringify(input) } }
            : { code: 'sealFormat', params: expect.objectContaining({ value: `"${input}"` }) },
      );
  });
});
