import { documentAsTyped, parseDriverDocument, type DriverDocument } from './driver-document.js';

describe('parseDriverDocument', () => {
  it.each<[{ type: unknown; number: unknown }, DriverDocument]>([
    [
      { type: 'CCCD', number: '001099012345' },
      { type: 'CCCD', normalized: '001099012345' },
    ],
    [
      { type: 'CCCD', number: '020 199 012 345' },
      { type: 'CCCD', normalized: '020199012345' },
    ],
    [
      { type: 'CCCD', number: '096299012345' },
      { type: 'CCCD', normalized: '096299012345' },
    ],
    [
      { type: 'PASSPORT', number: 'C1234567' },
      { type: 'PASSPORT', normalized: 'C1234567', passportFormat: 'VN' },
    ],
    [
      { type: 'PASSPORT', number: 'n 1234567' },
      { type: 'PASSPORT', normalized: 'N1234567', passportFormat: 'VN' },
    ],
    [
      { type: 'PASSPORT', number: 'E12345678' },
      { type: 'PASSPORT', normalized: 'E12345678', passportFormat: 'FOREIGN' },
    ],
    [
      { type: 'PASSPORT', number: 'EA1234567' },
      { type: 'PASSPORT', normalized: 'EA1234567', passportFormat: 'FOREIGN' },
    ],
    [
      { type: 'PASSPORT', number: '123456' },
      { type: 'PASSPORT', normalized: '123456', passportFormat: 'FOREIGN' },
    ],
    [
      { type: 'BORDER_PASS', number: 'T123456' },
      { type: 'BORDER_PASS', normalized: 'T123456' },
    ],
    [
      { type: 'BORDER_PASS', number: 'gx-2024-001234' },
      { type: 'BORDER_PASS', normalized: 'GX2024001234' },
    ],
  ])('accepts %j', (doc, value) => {
    expect(parseDriverDocument(doc)).toEqual({ ok: true, value });
  });

  it.each<[{ type: unknown; number: unknown }, string, unknown]>([
    [
      { type: 'ID', number: '001099012345' },
      'DRIVER_DOCUMENT_TYPE_INVALID',
      { code: 'documentTypeInvalid', params: { value: '"ID"' } },
    ],
    [
      { type: undefined, number: '001099012345' },
      'DRIVER_DOCUMENT_TYPE_INVALID',
      { code: 'documentTypeInvalid', params: { value: 'undefined' } },
    ],
    [
      { type: 'cccd', number: '001099012345' },
      'DRIVER_DOCUMENT_TYPE_INVALID',
      { code: 'documentTypeInvalid', params: { value: '"cccd"' } },
    ],
    [
      { type: 'CCCD', number: '' },
      'DRIVER_DOCUMENT_REQUIRED',
      { code: 'idEmpty', params: { label: { code: 'label_CCCD' } } },
    ],
    [
      { type: 'CCCD', number: 1099012345 },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'idNotText', params: { label: { code: 'label_CCCD' }, value: '1099012345' } },
    ],
    [
      { type: 'CCCD', number: '00109901234' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'cccdDigits', params: { value: '"00109901234"' } },
    ],
    [
      { type: 'CCCD', number: '0010990123456' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'cccdDigits', params: { value: '"0010990123456"' } },
    ],
    [
      { type: 'CCCD', number: '00109901234A' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'cccdDigits', params: { value: '"00109901234A"' } },
    ],
    [
      { type: 'CCCD', number: '000099012345' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'cccdProvince', params: { value: '"000099012345"' } },
    ],
    [
      { type: 'CCCD', number: '097099012345' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'cccdProvince', params: { value: '"097099012345"' } },
    ],
    [
      { type: 'CCCD', number: '999099012345' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'cccdProvince', params: { value: '"999099012345"' } },
    ],
    [
      { type: 'PASSPORT', number: 'C123456' + '78' + '9' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'passportFormat', params: { value: '"C123456789"' } },
    ],
    [
      { type: 'PASSPORT', number: '12345' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'passportFormat', params: { value: '"12345"' } },
    ],
    [
      { type: 'PASSPORT', number: 'ABCDEFG' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'passportFormat', params: { value: '"ABCDEFG"' } },
    ],
    [
      { type: 'PASSPORT', number: 'C12345#7' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'passportFormat', params: { value: '"C12345#7"' } },
    ],
    [
      { type: 'BORDER_PASS', number: 'T1234' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'borderPassFormat', params: { value: '"T1234"' } },
    ],
    [
      { type: 'BORDER_PASS', number: 'T12345678901' + '2' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'borderPassFormat', params: { value: '"T123456789012"' } },
    ],
    [
      { type: 'BORDER_PASS', number: 'ABCDEFGH' },
      'DRIVER_DOCUMENT_INVALID',
      { code: 'borderPassFormat', params: { value: '"ABCDEFGH"' } },
    ],
  ])('rejects %j with %s', (doc, code, refusal) => {
    const result = parseDriverDocument(doc);
    expect(result).toEqual({ ok: false, code, refusal });
  });
});

describe('documentAsTyped', () => {
  it('keeps only the digits of a CCCD', () => expect(documentAsTyped('CCCD', '020 123-456.789a')).toBe('020123456789'));
  it('upper-cases a passport number and drops its separators', () =>
    expect(documentAsTyped('PASSPORT', 'c 123-4567')).toBe('C1234567'));
});
