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
