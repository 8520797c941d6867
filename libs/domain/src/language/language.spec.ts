import fc from 'fast-check';
import { LANGUAGES, negotiateLanguage } from './language.js';

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'vi'],
    ['', 'vi'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['zh-Hans-CN', 'zh'],
    ['en-US,en;q=0.9,vi;q=0.8', 'en'],
    ['vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7', 'vi'],
    ['fr-FR,fr;q=0.9', 'vi'],
    ['fr;q=1,en;q=0.5,zh;q=0.7', 'zh'],
    ['en;q=0,zh;q=0.1', 'zh'],
    ['en;q=abc', 'vi'],
    ['*', 'vi'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });

  it('answers one of our languages for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => LANGUAGES.includes(negotiateLanguage(s))));
  });
});
