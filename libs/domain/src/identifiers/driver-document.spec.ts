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

  it.each<[{ type: unknown; number: unknown }, string, RegExp]>([
    [{ type: 'ID', number: '001099012345' }, 'DRIVER_DOCUMENT_TYPE_INVALID', /^Loại giấy tờ không hợp lệ/],
    [{ type: undefined, number: '001099012345' }, 'DRIVER_DOCUMENT_TYPE_INVALID', /^Loại giấy tờ/],
    [{ type: 'cccd', number: '001099012345' }, 'DRIVER_DOCUMENT_TYPE_INVALID', /^Loại giấy tờ/],
    [{ type: 'CCCD', number: '' }, 'DRIVER_DOCUMENT_REQUIRED', /^Số CCCD không được để trống/],
    [{ type: 'CCCD', number: 1099012345 }, 'DRIVER_DOCUMENT_INVALID', /^Số CCCD không hợp lệ/],
    [{ type: 'CCCD', number: '00109901234' }, 'DRIVER_DOCUMENT_INVALID', /^Số CCCD không hợp lệ/],
    [{ type: 'CCCD', number: '0010990123456' }, 'DRIVER_DOCUMENT_INVALID', /12 chữ số/],
    [{ type: 'CCCD', number: '00109901234A' }, 'DRIVER_DOCUMENT_INVALID', /12 chữ số/],
    [{ type: 'CCCD', number: '000099012345' }, 'DRIVER_DOCUMENT_INVALID', /mã tỉnh/],
    [{ type: 'CCCD', number: '097099012345' }, 'DRIVER_DOCUMENT_INVALID', /mã tỉnh/],
    [{ type: 'CCCD', number: '999099012345' }, 'DRIVER_DOCUMENT_INVALID', /mã tỉnh/],
    [{ type: 'PASSPORT', number: 'C123456' + '78' + '9' }, 'DRIVER_DOCUMENT_INVALID', /^Số hộ chiếu không hợp lệ/],
    [{ type: 'PASSPORT', number: '12345' }, 'DRIVER_DOCUMENT_INVALID', /^Số hộ chiếu/],
    [{ type: 'PASSPORT', number: 'ABCDEFG' }, 'DRIVER_DOCUMENT_INVALID', /^Số hộ chiếu/],
    [{ type: 'PASSPORT', number: 'C12345#7' }, 'DRIVER_DOCUMENT_INVALID', /^Số hộ chiếu/],
    [{ type: 'BORDER_PASS', number: 'T1234' }, 'DRIVER_DOCUMENT_INVALID', /^Số giấy thông hành không hợp lệ/],
    [{ type: 'BORDER_PASS', number: 'T12345678901' + '2' }, 'DRIVER_DOCUMENT_INVALID', /6–12/],
    [{ type: 'BORDER_PASS', number: 'ABCDEFGH' }, 'DRIVER_DOCUMENT_INVALID', /^Số giấy thông hành/],
  ])('rejects %j with %s', (doc, code, message) => {
    const result = parseDriverDocument(doc);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('documentAsTyped', () => {
  it('keeps only the digits of a CCCD', () => expect(documentAsTyped('CCCD', '020 123-456.789a')).toBe('020123456789'));
  it('upper-cases a passport number and drops its separators', () =>
    expect(documentAsTyped('PASSPORT', 'c 123-4567')).toBe('C1234567'));
});
