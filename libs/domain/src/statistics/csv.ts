// CSV as RFC 4180 reads it, written once for the open data (server) and the dashboard's exports (browser).

export type CsvCell = string | number | boolean | null | undefined;

function cell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Quoted when it must be; a leading = + - @ is quoted too so a spreadsheet never runs it as a formula.
  if (/[",\r\n]/.test(s) || (/^[=+\-@]/.test(s) && Number.isNaN(Number(s)))) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** A header line and one line per row, CRLF-terminated. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A CSV file read back: its records, each with the line of the file it starts on (1-based). */
export interface CsvTable {
  records: { line: number; cells: string[] }[];
  separator: ',' | ';';
}

/**
 * Reads CSV as RFC 4180 writes it, and as Excel saves it: a UTF-8 byte-order mark dropped, the separator a comma
 * or (where the decimal mark is a comma, as in Vietnam) a semicolon, whichever the first line has more of
 * outside quotes; quoted cells may hold separators, doubled quotes and line breaks. Lines with no value (Excel writes `;;;`) are skipped.
 */
export function parseCsv(text: string): CsvTable {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
  const separator = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: CsvTable['records'] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    cells.push(cell);
    if (cells.some((x) => x.trim() !== '')) records.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted && c === '"' && src[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      if (c === '\n') line++;
      cell += c;
    } else if (c === separator) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      start = ++line;
    } else cell += c;
  }
  if (cell !== '' || cells.length) endRecord();
  return { records, separator };
}
