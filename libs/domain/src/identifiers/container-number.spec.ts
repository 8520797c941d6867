import { containerCheckDigit, parseContainerNumber } from './container-number.js';

describe('containerCheckDigit', () => {
  // Worked by hand: CSQU3054383 is the example printed in ISO 6346 itself.
  it.each([
    ['CSQU305438', 3],
    ['MSKU907032', 3],
    ['MSCU663987', 0],
    ['OOLU123456', 7],
    ['MSCU123456', 6],
    ['ABCJ123456', 3],
    ['XYZZ000001', 0],
    ['MSCU100007', 0], // remainder 10 → 0
  ])('%s → %i', (first10, digit) => {
    expect(containerCheckDigit(first10)).toBe(digit);
  });
});

describe('parseContainerNumber', () => {
  it.each([
    ['CSQU3054383', 'CSQU3054383', 'CSQU 305438 3'],
    ['csqu3054383', 'CSQU3054383', 'CSQU 305438 3'],
    ['CSQU 305438 3', 'CSQU3054383', 'CSQU 305438 3'],
    ['CSQU-305438-3', 'CSQU3054383', 'CSQU 305438 3'],
    ['CSQU 305438/3', 'CSQU3054383', 'CSQU 305438 3'],
    ['ＣＳＱＵ３０５４３８３', 'CSQU3054383', 'CSQU 305438 3'],
    ['MSKU9070323', 'MSKU9070323', 'MSKU 907032 3'],
    ['MSCU6639870', 'MSCU6639870', 'MSCU 663987 0'],
    ['MSCU1234566', 'MSCU1234566', 'MSCU 123456 6'],
    ['OOLU1234567', 'OOLU1234567', 'OOLU 123456 7'],
    ['ABCJ1234563', 'ABCJ1234563', 'ABCJ 123456 3'],
    ['XYZZ0000010', 'XYZZ0000010', 'XYZZ 000001 0'],
  ])('accepts %j', (input, normalized, display) => {
    const result = parseContainerNumber(input);
    expect(result).toMatchObject({ ok: true, value: { normalized, display } });
  });

  it('splits the parts', () => {
    expect(parseContainerNumber('CSQU3054383')).toEqual({
      ok: true,
      value: {
        normalized: 'CSQU3054383',
        display: 'CSQU 305438 3',
        ownerCode: 'CSQ',
        category: 'U',
        serial: '305438',
        checkDigit: 3,
      },
    });
  });

  it.each<[unknown, string]>([
    ['', 'CONTAINER_NUMBER_REQUIRED'],
    [null, 'CONTAINER_NUMBER_REQUIRED'],
    [3054383, 'CONTAINER_NUMBER_INVALID'],
    ['CSQU305438', 'CONTAINER_NUMBER_INVALID'],
    ['CSQU30543833', 'CONTAINER_NUMBER_INVALID'],
    ['CSQX3054383', 'CONTAINER_NUMBER_INVALID'],
    ['CS1U3054383', 'CONTAINER_NUMBER_INVALID'],
    ['CSQU30543A3', 'CONTAINER_NUMBER_INVALID'],
    ['ÇSQU3054383', 'CONTAINER_NUMBER_INVALID'],
    ['CSQU3054384', 'CONTAINER_NUMBER_CHECK_DIGIT'],
    ['MSKU9070324', 'CONTAINER_NUMBER_CHECK_DIGIT'],
    // The example in DESIGN §3 has a wrong check digit: the correct number is MSCU1234566.
    ['MSCU1234565', 'CONTAINER_NUMBER_CHECK_DIGIT'],
    ['CSQU3045383', 'CONTAINER_NUMBER_CHECK_DIGIT'], // transposed digits
  ])('rejects %j with %s', (input, code) => {
    const result = parseContainerNumber(input);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok)
      expect(result.refusal).toEqual(
        code.endsWith('_REQUIRED')
          ? { code: 'idEmpty', params: { label: { code: 'label_containerNumber' } } }
          : typeof input !== 'string'
            ? { code: 'idNotText', params: { label: { code: 'label_containerNumber' }, value: JSON.stringify(input) } }
            : {
                code: code === 'CONTAINER_NUMBER_CHECK_DIGIT' ? 'containerCheckDigit' : 'containerFormat',
                params: expect.objectContaining({ value: `"${input}"` }),
              },
      );
  });

  it('tells the user the expected check digit', () => {
    const result = parseContainerNumber('MSCU1234565');
    expect(!result.ok && result.refusal).toEqual({
      code: 'containerCheckDigit',
      params: { value: '"MSCU1234565"', expected: 6 },
    });
  });
});
