import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGES, type Language, negotiateLanguage } from '#libs/domain/src/index.js';

/**
 * Serves the consoles at `/` of the one origin (the API stays under /api). The files come from
 * `npm run build` (scripts/build-consoles.mjs): bundles named by content hash are cached for a year,
 * pages are revalidated on every load, and the prebuilt .br/.gz copies go to browsers that accept them.
 */
export function serveConsoles(app: NestFastifyApplication, root: string): void {
  if (!existsSync(resolve(root, 'index.html')))
    throw new Error(`consoles not built in ${root}: run \`npm run build\` (or \`npm run build:consoles\`)`);
  app.useStaticAssets({
    root,
    prefix: '/',
    decorateReply: false,
    index: ['index.html'],
    redirect: true,
    preCompressed: true,
    // Set per file below: the default would mark everything max-age=0.
    cacheControl: false,
    setHeaders: (res: { setHeader(name: string, value: string): void }, path: string) => {
      res.setHeader(
        'cache-control',
        /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  serveTracking(app, root);
}

interface Variant {
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

function variant(body: Buffer): Variant {
  return { identity: body, br: brotliCompressSync(body), gzip: gzipSync(body, { level: 9 }) };
}

function send(req: FastifyRequest, reply: FastifyReply, v: Variant, type: string): FastifyReply {
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
  reply.header('content-type', type).header('cache-control', 'no-cache');
  if (encoding) reply.header('content-encoding', encoding);
  return reply.send(encoding ? v[encoding] : v.identity);
}

/**
 * The public tracking page at `/t/<slip code>`: one page for every code, in the language of the browser's
 * `Accept-Language` (the page's switcher overrides it on the device), and its service worker at `/t/sw.js`
 * (scope `/t/`).
 */
function serveTracking(app: NestFastifyApplication, root: string): void {
  const page = resolve(root, 't/index.html');
  if (!existsSync(page)) return;
  const html = readFileSync(page, 'utf8');
  const pages = new Map<Language, Variant>(
    LANGUAGES.map((l) => [l, variant(Buffer.from(html.replace('<html lang="vi">', `<html lang="${l}">`)))]),
  );
  const worker = variant(readFileSync(resolve(root, 't/sw.js')));
  app
    .getHttpAdapter()
    .getInstance()
    .get('/t/*', (req: FastifyRequest, reply: FastifyReply) => {
      if (req.url.split('?')[0] === '/t/sw.js') return send(req, reply, worker, 'text/javascript; charset=utf-8');
      const lang = negotiateLanguage(req.headers['accept-language']);
      reply.header('vary', 'accept-language, accept-encoding').header('content-language', lang);
      return send(req, reply, pages.get(lang)!, 'text/html; charset=utf-8');
    });
}
