// rewriteText replaces only the span that differs, and the text it leaves is exactly the new one, for any pair
// of strings (full Unicode, lone surrogates included): a span never starts or ends inside a surrogate pair.
import fc from 'fast-check';
import { rewriteText } from './dom.js';

/** The DOM's Text as far as rewriteText uses it (CharacterData.replaceData, by the spec), recording each edit. */
class FakeText {
  edits: { offset: number; count: number; data: string }[] = [];
  constructor(public data: string) {}
  replaceData(offset: number, count: number, data: string): void {
    if (offset > this.data.length) throw new RangeError('IndexSizeError');
    this.edits.push({ offset, count, data });
    this.data = this.data.slice(0, offset) + data + this.data.slice(offset + count);
  }
}

const rewrite = (from: string, to: string) => {
  const node = new FakeText(from);
  rewriteText(node as unknown as Text, to);
  return node;
};

const splitsPair = (s: string, i: number) =>
  i > 0 && i < s.length && /[\uD800-\uDBFF]/.test(s[i - 1]) && /[\uDC00-\uDFFF]/.test(s[i]);

const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('1', '2', '\n', '\uD83D', '\uDE9A', 'ờ', 'a') }),
);

test('the text left is the new one, from a single edit of the span that differs, never splitting a pair', () => {
  fc.assert(
    fc.property(text, text, (from, to) => {
      const node = rewrite(from, to);
      expect(node.data).toBe(to);
      expect(node.edits.length).toBe(from === to ? 0 : 1);
      for (const e of node.edits) {
        expect(splitsPair(from, e.offset)).toBe(false);
        expect(splitsPair(from, e.offset + e.count)).toBe(false);
      }
    }),
    { numRuns: 5000 },
  );
});

test('a held call renumbers from the truck that left: the numbers above it are not rewritten', () => {
  const before = Array.from({ length: 30 }, (_, i) => String(i + 1)).join('\n');
  const after = [
    ...Array.from({ length: 4 }, (_, i) => String(i + 1)),
    '',
    ...Array.from({ length: 25 }, (_, i) => String(i + 5)),
  ].join('\n');
  const node = rewrite(before, after);
  expect(node.data).toBe(after);
  expect(node.edits[0].offset).toBe('1\n2\n3\n4\n'.length);
});

test('a count in a heading: only its digits', () => {
  const node = rewrite('Đang chờ (300)', 'Đang chờ (299)');
  expect(node.edits).toEqual([{ offset: 10, count: 3, data: '299' }]);
});
