import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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

/** `CKS1.<uuid>.<signature>`: the only strings written into a tracking page (verifySlipCode checks the rest). */
const SLIP_CODE_SHAPE = /^CKS1\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}$/;

/** A page's encodings; `fast` for one made per request (a few hundred bytes: the quickest levels). */
function variant(body: Buffer, fast = false): Variant {
  return {
    identity: body,
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: fast ? 4 : 11 } }),
    gzip: gzipSync(body, { level: fast ? 6 : 9 }),
  };
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
  const pageOf = (lang: Language) => html.replace('<html lang="vi">', `<html lang="${lang}">`);
  const pages = new Map<Language, Variant>(LANGUAGES.map((l) => [l, variant(Buffer.from(pageOf(l)))]));
  const worker = variant(readFileSync(resolve(root, 't/sw.js')));
  app
    .getHttpAdapter()
    .getInstance()
    .get('/t/*', (req: FastifyRequest, reply: FastifyReply) => {
      if (req.url.split('?')[0] === '/t/sw.js') return send(req, reply, worker, 'text/javascript; charset=utf-8');
      const lang = negotiateLanguage(req.headers['accept-language']);
      reply.header('vary', 'accept-language, accept-encoding').header('content-language', lang);
      // A code of the slip's shape (nothing else is ever written into the page): the browser starts reading the
      // vehicle's state with the script and style sheet instead of after them — one round trip less on 3G.
      // (The code's characters need no escaping in a URL: taken as they are.)
      const code = req.url.split('?')[0].slice('/t/'.length);
      if (!SLIP_CODE_SHAPE.test(code)) return send(req, reply, pages.get(lang)!, 'text/html; charset=utf-8');
      const preload = `<link rel="preload" as="fetch" crossorigin href="/api/public/track/${code}">\n</head>`;
      return send(
        req,
        reply,
        variant(Buffer.from(pageOf(lang).replace('</head>', preload)), true),
        'text/html; charset=utf-8',
      );
    });
}
