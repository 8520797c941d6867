import { parseCsv, toCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads what toCsv writes, quotes, doubled quotes and line breaks included', () => {
    const rows = [
      ['Biển số', 'Ghi chú'],
      ['12C-123.45', 'có dấu phẩy, và "ngoặc kép"'],
      ['桂F12345', 'hai\r\ndòng'],
    ];
    const t = parseCsv(toCsv(rows[0], rows.slice(1)));
    expect(t.separator).toBe(',');
    expect(t.records.map((r) => r.cells)).toEqual(rows);
    // The third record starts on line 3 of the file; a record after it would start on line 5.
    expect(t.records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('drops a UTF-8 byte-order mark and takes semicolons as Excel writes them in Vietnam', () => {
    const t = parseCsv('\uFEFFBiển số;Trọng lượng\r\n12C-123.45;18000,5\r\n;;\r\n\r\n桂F12345;"1;2"\r\n');
    expect(t.separator).toBe(';');
    expect(t.records).toEqual([
      { line: 1, cells: ['Biển số', 'Trọng lượng'] },
      { line: 2, cells: ['12C-123.45', '18000,5'] },
      { line: 5, cells: ['桂F12345', '1;2'] },
    ]);
  });

  it('counts lines inside quoted cells, so a later row names its own line', () => {
    const t = parseCsv('a,b\n"x\ny",1\nz,2');
    expect(t.records.map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['x\ny', '1']],
      [4, ['z', '2']],
    ]);
  });

  it('reads nothing from an empty file', () => expect(parseCsv('\uFEFF').records).toEqual([]));
});
