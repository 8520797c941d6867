import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where the web consoles' files are: CONSOLES_DIR, or apps/gateway/public of the checkout. */
export function consolesDir(): string {
  return resolve(process.env.CONSOLES_DIR ?? 'apps/gateway/public');
}

/** Serves the consoles at `/` of the one origin (the API stays under /api). */
export function serveConsoles(app: NestFastifyApplication): void {
  const root = consolesDir();
  if (!existsSync(root)) throw new Error(`consoles folder not found: ${root}`);
  app.useStaticAssets({ root, prefix: '/', decorateReply: false, index: ['index.html'] });
}
