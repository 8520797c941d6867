import { type Type } from '@nestjs/common';
import { ConfigError, loadPlatformConfig, type PlatformConfig } from '#libs/config/src/index.js';
import { configureApp, createHttpApp } from '#libs/http/src/index.js';
import { resolveDatabase } from './database.js';
import { instrumentHttp } from './instrument-http.js';
import { rootModule } from './root.module.js';

export interface ServeOptions {
  name: string;
  services: Type[];
  databases: string[];
  /** Runs after the server listens (banners, simulators). */
  afterListen?: (config: PlatformConfig) => void | Promise<void>;
  /** Extra work after Nest has started (e.g. static consoles) before listening. */
  configure?: (app: Awaited<ReturnType<typeof createHttpApp>>, config: PlatformConfig) => void | Promise<void>;
}

/** Boots one process: config checked, database resolved, services composed, HTTP listening; Ctrl-C stops it all. */
export async function serve(o: ServeOptions): Promise<void> {
  const log = (m: string) => process.stdout.write(`[${o.name}] ${m}\n`);
  let base: PlatformConfig;
  try {
    base = loadPlatformConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Cấu hình không hợp lệ: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const db = await resolveDatabase(base, log);
  let app: Awaited<ReturnType<typeof createHttpApp>> | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: đang dừng…`);
    await app?.close().catch((e: Error) => log(`lỗi khi dừng: ${e.message}`));
    await db.stop().catch((e: Error) => log(`lỗi khi dừng PostgreSQL: ${e.message}`));
    log('đã dừng.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    app = await createHttpApp(
      rootModule({ config: db.config, services: o.services, databases: o.databases }),
      db.config.log,
    );
    await configureApp(app, {
      title: 'Cửa khẩu số API',
      corsOrigins: db.config.corsOrigins,
    });
    instrumentHttp(app);
    await o.configure?.(app, db.config);
    await app.listen({ port: db.config.port, host: db.config.host });
    log(`sẵn sàng tại http://localhost:${db.config.port} (API /api, tài liệu /api/docs)`);
    await o.afterListen?.(db.config);
  } catch (e) {
    log(`không khởi động được: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    await app?.close().catch(() => undefined);
    await db.stop().catch(() => undefined);
    process.exit(1);
  }
}
