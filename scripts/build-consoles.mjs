#!/usr/bin/env node
// Builds the web consoles (apps/consoles, TypeScript) into the folder the gateway serves at `/`
// (apps/gateway/public, or CONSOLES_DIR): one minified bundle per console with a content hash in its
// name (cached for good), one HTML page per console (always revalidated), and .br/.gz copies of each so
// the server sends compressed bytes without compressing on every request.
import { mkdir, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'apps/consoles/src');

/**
 * Page path → [bundle name, Vietnamese title, style sheet]. The firm portal and the tracking page are held to the
 * 3G budget; the tracking page (`/t/<code>`, served by the gateway for every code) has a small sheet of its own.
 */
export const PAGES = {
  'index.html': ['home', 'Cửa khẩu số Hữu Nghị – Tân Thanh'],
  'firm/index.html': ['firm', 'Cổng doanh nghiệp — Cửa khẩu số'],
  'yard/index.html': ['yard', 'Bãi chờ — Cửa khẩu số'],
  'customs/index.html': ['customs', 'Bàn điều hành hải quan — Cửa khẩu số'],
  'border/index.html': ['border', 'Bảng biên phòng — Cửa khẩu số'],
  'admin/index.html': ['admin', 'Quản trị cửa khẩu — Cửa khẩu số'],
  'board/index.html': ['board', 'Bảng hàng chờ công khai — Cửa khẩu số'],
  'board/fairness/index.html': ['fairness', 'Sổ công bằng hàng chờ — Cửa khẩu số'],
  't/index.html': ['track', 'Theo dõi xe — Cửa khẩu số', 'track-style'],
};

/** Style sheets besides the consoles' own (`app`), by entry name. */
const STYLES = { app: 'styles.css', 'track-style': 'track/track.css' };

const page = (title, css, js, head = '') =>
  `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="theme-color" content="#0b5cad">
<title>${title}</title>
<link rel="icon" href="data:,">${head}
<link rel="stylesheet" href="/assets/${css}">
<script type="module" src="/assets/${js}"></script>
</head>
<body>
<noscript>Trang này cần JavaScript. This page needs JavaScript.</noscript>
</body>
</html>
`;

const FIRM_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="18" fill="#0b5cad"/><path d="M18 62h44V34h10l8 12v16h-4a7 7 0 0 1-14 0H40a7 7 0 0 1-14 0h-8z" fill="#fff"/></svg>`;

/**
 * The firm portal as an app a phone can install: its manifest, and a service worker scoped to /firm/ that
 * keeps the app shell (page, bundle, styles) of this build and the declarations last read, so the slips open
 * with no network. The worker's cache is named after the build's bundles: a new build replaces it whole.
 */
async function writeFirmApp(out, byEntry) {
  const version = `${byEntry.firm}+${byEntry.app}`.replace(/[^\w.+-]/g, '');
  const manifest = {
    name: 'Cổng doanh nghiệp — Cửa khẩu số',
    short_name: 'Cửa khẩu số',
    description: 'Khai báo trước phương tiện qua cửa khẩu Hữu Nghị và Tân Thanh, theo dõi hàng chờ và phiếu xếp lượt.',
    lang: 'vi',
    start_url: '/firm/',
    scope: '/firm/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0b5cad',
    icons: [{ src: '/firm/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  };
  await writeFile(join(out, 'firm/manifest.webmanifest'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(out, 'firm/icon.svg'), FIRM_ICON);
  const sw = await readFile(join(src, 'firm/sw.js'), 'utf8');
  const shell = [
    '/firm/',
    `/assets/${byEntry.firm}`,
    `/assets/${byEntry.app}`,
    '/firm/manifest.webmanifest',
    '/firm/icon.svg',
  ];
  await writeFile(
    join(out, 'firm/sw.js'),
    sw.replace("'__VERSION__'", JSON.stringify(version)).replace("['__SHELL__']", JSON.stringify(shell)),
  );
}

async function compressAll(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(js|css|html|svg|webmanifest)$/.test(entry.name)) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    const body = await readFile(file);
    await writeFile(`${file}.gz`, gzipSync(body, { level: 9 }));
    await writeFile(
      `${file}.br`,
      brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      }),
    );
  }
}

export async function buildConsoles({
  outDir = process.env.CONSOLES_DIR ?? join(root, 'apps/gateway/public'),
  quiet = false,
} = {}) {
  const out = resolve(outDir);
  const assets = join(out, 'assets');
  await rm(assets, { recursive: true, force: true });
  const entryPoints = Object.fromEntries(Object.values(PAGES).map(([name]) => [name, join(src, name, 'main.ts')]));
  for (const [name, file] of Object.entries(STYLES)) entryPoints[name] = join(src, file);
  const result = await build({
    entryPoints,
    outdir: assets,
    entryNames: '[name]-[hash]',
    bundle: true,
    // CONSOLES_READABLE=1 keeps names and lines for a CPU profile (see scripts/cpu-profile-top.mjs).
    minify: process.env.CONSOLES_READABLE !== '1',
    format: 'esm',
    // Phones several years old: ES2020 keeps the bundles small without polyfills.
    target: ['es2020', 'chrome87', 'safari15', 'firefox90'],
    sourcemap: false,
    metafile: true,
    legalComments: 'none',
    logLevel: quiet ? 'silent' : 'warning',
    charset: 'utf8',
    // CONSOLES_LIVE=poll: consoles that read the REST listing every few seconds, for a deployment without the gateway.
    define: { __LIVE_TRANSPORT__: JSON.stringify(process.env.CONSOLES_LIVE === 'poll' ? 'poll' : 'socket') },
  });
  const byEntry = {};
  for (const [file, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint) continue;
    const name = Object.entries(entryPoints).find(([, p]) => relative(root, p) === meta.entryPoint)?.[0];
    if (name) byEntry[name] = relative(assets, resolve(root, file));
  }
  for (const [path, [name, title, style = 'app']] of Object.entries(PAGES)) {
    await mkdir(dirname(join(out, path)), { recursive: true });
    const head = name === 'firm' ? '\n<link rel="manifest" href="/firm/manifest.webmanifest">' : '';
    await writeFile(join(out, path), page(title, byEntry[style], byEntry[name], head));
  }
  await writeFirmApp(out, byEntry);
  // The tracking page's service worker: a fixed name under /t/, so its scope is the tracking pages.
  await build({
    entryPoints: [join(src, 'track/sw.ts')],
    outfile: join(out, 't/sw.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020'],
    legalComments: 'none',
    logLevel: quiet ? 'silent' : 'warning',
  });
  await compressAll(out);
  if (!quiet)
    process.stdout.write(`Đã dựng giao diện vào ${relative(root, out) || out}: ${Object.keys(PAGES).length} trang\n`);
  return { outDir: out, bundles: byEntry };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  await buildConsoles(i > 0 ? { outDir: process.argv[i + 1] } : {});
}
