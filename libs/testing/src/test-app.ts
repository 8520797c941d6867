import type { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { Clock } from '#libs/clock/src/index.js';
import { loadPlatformConfig, type PlatformConfig } from '#libs/config/src/index.js';
import { freePort } from '#libs/database/src/index.js';
import { configureApp, createFastifyAdapter } from '#libs/http/src/index.js';
import { instrumentHttp, rootModule } from '#libs/runtime/src/index.js';
import { createTestDatabase } from './test-database.js';

export { freePort };

export interface TestApp {
  app: NestFastifyApplication;
  config: PlatformConfig;
  url: string;
  databaseUrl: string;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  label: string;
  services: Type[];
  databases: string[];
  clock?: Clock;
  /** Reuse a database (e.g. to restart a service on the same data). */
  databaseUrl?: string;
  env?: Record<string, string>;
  /** Listen on this port (e.g. one another app was told to call) instead of a free one. */
  port?: number;
  configure?: (config: PlatformConfig) => PlatformConfig;
}

/**
 * Boots hosted services exactly as production does (same root module, pipes, filters, prefix) on a
 * database of the test file's own, listening on a free loopback port so relays and sockets work.
 */
export async function createTestApp(o: TestAppOptions): Promise<TestApp> {
  const db = o.databaseUrl ? { url: o.databaseUrl, drop: () => Promise.resolve() } : await createTestDatabase(o.label);
  const port = o.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  let config = loadPlatformConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL: db.url,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    INTERNAL_TOKEN: 'test-internal-token',
    PUBLIC_ORIGIN: origin,
    DATA_DIR: '/tmp/cks-test-unused',
    SEED_DEMO: 'false',
    // Tests fire hundreds of writes from one firm at once; the limits have a test of their own.
    WRITE_RATE_LIMIT_PER_FIRM: '10000000',
    WRITE_RATE_LIMIT_PER_IP: '10000000',
    ...o.env,
  });
  if (o.configure) config = o.configure(config);
  const moduleRef = await Test.createTestingModule({
    imports: [rootModule({ config, services: o.services, databases: o.databases, clock: o.clock })],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config.log));
  await configureApp(app, {
    title: 'test',
    swagger: true,
    corsOrigins: config.corsOrigins,
  });
  instrumentHttp(app);
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    config,
    url: origin,
    databaseUrl: db.url,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      if (!o.databaseUrl) await db.drop();
    },
  };
}
