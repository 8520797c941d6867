import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

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
}
