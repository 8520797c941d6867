import { parsePhone } from './phone.js';

describe('parsePhone', () => {
  it.each([
    ['0912345678', '+84912345678', 'VN'],
    ['0912 345 678', '+84912345678', 'VN'],
    ['0912.345.678', '+84912345678', 'VN'],
    ['+84 912 345 678', '+84912345678', 'VN'],
    ['+84912345678', '+84912345678', 'VN'],
    ['84912345678', '+84912345678', 'VN'],
    ['0084 912 345 678', '+84912345678', 'VN'],
    ['+84 (0) 912 345 678', '+84912345678', 'VN'],
    ['0349-876-543', '+84349876543', 'VN'],
    ['0567890123', '+84567890123', 'VN'],
    ['0781234567', '+84781234567', 'VN'],
    ['0849123456', '+84849123456', 'VN'],
    ['０９１２３４５６７８', '+84912345678', 'VN'],
    ['+86 138 1234 5678', '+8613812345678', 'CN'],
    ['+8613812345678', '+8613812345678', 'CN'],
    ['0086 199 1234 5678', '+8619912345678', 'CN'],
    ['13812345678', '+8613812345678', 'CN'],
  ])('accepts %j', (input, normalized, country) => {
    expect(parsePhone(input)).toEqual({ ok: true, value: { normalized, country } });
  });

  it.each<[unknown, string]>([
    ['', 'PHONE_REQUIRED'],
    [912345678, 'PHONE_INVALID'],
    ['912345678', 'PHONE_INVALID'],
    ['0212345678', 'PHONE_INVALID'], // landline prefix
    ['0612345678', 'PHONE_INVALID'],
    ['091234567', 'PHONE_INVALID'],
    ['09123456789', 'PHONE_INVALID'],
    ['+84 212 345 678', 'PHONE_INVALID'],
    ['+86 128 1234 5678', 'PHONE_INVALID'],
    ['+86 138 1234 567', 'PHONE_INVALID'],
    ['+1 415 555 0100', 'PHONE_INVALID'],
    ['0912abc678', 'PHONE_INVALID'],
  ])('rejects %j with %s', (input, code) => {
    const result = parsePhone(input);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok)
      expect(result.refusal).toEqual(
        code.endsWith('_REQUIRED')
          ? { code: 'idEmpty', params: { label: { code: 'label_phone' } } }
          : typeof input !== 'string'
            ? { code: 'idNotText', params: { label: { code: 'label_phone' }, value: JSON.stringify(input) } }
            : { code: 'phoneFormat', params: expect.objectContaining({ value: `"${input}"` }) },
      );
  });
});
