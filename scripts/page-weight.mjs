#!/usr/bin/env node
// Page weight of the built consoles: for each page, the HTML plus the stylesheet and scripts it loads, as a
// browser accepting brotli or gzip receives them on a first visit (the prebuilt .br/.gz files the server
// sends). The firm portal is used by phones on weak 3G links: it must stay within 150 KB compressed.
//
//   node scripts/page-weight.mjs [--dir apps/gateway/public] [--budget 150000] [--json]
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
/** Bytes (1 KB = 1,000 bytes, the stricter reading of "150 KB"). */
export const FIRM_BUDGET_BYTES = 150_000;

function sizes(file) {
  const raw = readFileSync(file);
  const br = existsSync(`${file}.br`) ? statSync(`${file}.br`).size : brotliCompressSync(raw).length;
  const gz = existsSync(`${file}.gz`) ? statSync(`${file}.gz`).size : gzipSync(raw, { level: 9 }).length;
  return { raw: raw.length, br, gz };
}

/** The files a first visit to `page` downloads: the page and every stylesheet/script/preload it names. */
export function pageWeight(dir, page) {
  const html = join(dir, page);
  const text = readFileSync(html, 'utf8');
  const refs = [...text.matchAll(/(?:href|src)="(\/[^"]+\.(?:js|css|svg|png|woff2?))"/g)].map((m) => m[1]);
  const files = [{ path: `/${page}`, ...sizes(html) }, ...refs.map((r) => ({ path: r, ...sizes(join(dir, r)) }))];
  const total = files.reduce((a, f) => ({ raw: a.raw + f.raw, br: a.br + f.br, gz: a.gz + f.gz }), {
    raw: 0,
    br: 0,
    gz: 0,
  });
  return { page, files, total };
}

export const PAGES = [
  'firm/index.html',
  'index.html',
  'yard/index.html',
  'customs/index.html',
  'border/index.html',
  'admin/index.html',
  'board/index.html',
];

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(arg('--dir', process.env.CONSOLES_DIR ?? join(root, 'apps/gateway/public')));
  const budget = Number(arg('--budget', FIRM_BUDGET_BYTES));
  if (!existsSync(join(dir, 'firm/index.html'))) {
    process.stderr.write(`Chưa dựng giao diện trong ${dir}: chạy \`npm run build:consoles\` trước.\n`);
    process.exit(2);
  }
  const results = PAGES.filter((p) => existsSync(join(dir, p))).map((p) => pageWeight(dir, p));
  const firm = results[0];
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ budget, results }, null, 2)}\n`);
  else {
    const kb = (n) => `${(n / 1000).toFixed(1).padStart(6)} KB`;
    process.stdout.write(`${'trang'.padEnd(22)} ${'gốc'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}\n`);
    for (const r of results)
      process.stdout.write(`${r.page.padEnd(22)} ${kb(r.total.raw)} ${kb(r.total.gz)} ${kb(r.total.br)}\n`);
    process.stdout.write(
      `Cổng doanh nghiệp, lần tải đầu (gzip, trường hợp xấu nhất): ${kb(firm.total.gz).trim()} / ngân sách ${kb(budget).trim()}\n`,
    );
  }
  // gzip is the worst case: brotli is smaller, and every browser that speaks one speaks gzip.
  if (firm.total.gz > budget) {
    process.stderr.write(`VƯỢT NGÂN SÁCH: cổng doanh nghiệp nặng ${firm.total.gz} byte nén, tối đa ${budget}.\n`);
    process.exit(1);
  }
}
