import { Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import pg from 'pg';
import pgAdapter from '@socket.io/postgres-adapter';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { checkPool, TimeoutDroppingClient } from '#libs/database/src/index.js';
import { ReadinessChecks } from '#libs/runtime/src/readiness-checks.js';
import { GATEWAY_DB } from '../database/gateway-database.js';
import { LIVE_OPTIONS, type LiveOptions } from './live-options.js';

type AdapterFactory = ReturnType<typeof pgAdapter.createAdapter>;

/**
 * The socket.io adapter that links the gateway instances: Redis when REDIS_URL is set, otherwise Postgres
 * (LISTEN/NOTIFY on the gateway's database, so the embedded setup needs nothing more). Its connections are
 * its own, closed after the socket server at shutdown.
 */
export class LiveAdapter implements OnApplicationShutdown {
  constructor(
    readonly kind: 'postgres' | 'redis',
    readonly factory: AdapterFactory,
    private readonly closeConnections: () => Promise<void>,
    /** Reaches the adapter's broker (a query on its pool, a Redis PING); throws when it cannot. */
    readonly ping: () => Promise<unknown>,
  ) {}

  /** For readiness: the broker answers within two seconds (broadcasts to the other instances can go out). */
  async check(): Promise<Record<string, unknown>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`${this.kind} adapter did not answer in 2 s`)), 2000)),
    );
    try {
      await Promise.race([this.ping(), timeout]);
      return { kind: this.kind };
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // Bounded: a connection that does not close must not hold the process.
    await Promise.race([this.closeConnections(), new Promise((r) => setTimeout(r, 2000).unref())]).catch(
      () => undefined,
    );
  }
}

async function redisAdapter(url: string, channel: string, logger: Logger): Promise<LiveAdapter> {
  // Loaded only when asked for: the default setup does not need a Redis client.
  const [{ createClient }, { createAdapter }] = await Promise.all([
    import('redis'),
    import('@socket.io/redis-adapter'),
  ]);
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on('error', (e: Error) => logger.warn(`redis: ${e.message}`));
  await Promise.all([pub.connect(), sub.connect()]);
  return new LiveAdapter(
    'redis',
    createAdapter(pub, sub, { key: channel }) as unknown as AdapterFactory,
    async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
    () => pub.ping(),
  );
}

function postgresAdapter(url: string, channel: string, logger: Logger): LiveAdapter {
  // Bounded like the services' own connections: a publish that cannot get a connection fails after 5 s, and one
  // whose answer does not come (a black-holed database) after 13 s, dropping its connection, so the pool's
  // places are not all held by connections that will never answer.
  const pool = new pg.Pool({
    connectionString: url,
    max: 3,
    connectionTimeoutMillis: 5000,
    query_timeout: 13000,
    Client: TimeoutDroppingClient,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10000,
    application_name: 'gateway-adapter',
    options: `-c search_path=${GATEWAY_DB}`,
  });
  pool.on('error', (e) => logger.warn(`socket.io adapter connection: ${e.message}`));
  // The adapter keeps one connection checked out for LISTEN, where the pool's own error handling does not
  // reach: without a listener, a lost database connection would be an unhandled 'error' that ends the process.
  // When that connection ends the adapter takes a new one but never releases the dead one, so each lost
  // connection would keep a place of the pool for good (after three, no publish or LISTEN could get one):
  // it is released here, with its error, so the pool drops it. An idle connection is the pool's own to drop.
  pool.on('connect', (client) => {
    client.on('error', (e) => logger.warn(`socket.io adapter LISTEN connection lost: ${e.message}`));
    client.on('end', () => {
      try {
        client.release(new Error('connection ended'));
      } catch {
        // Not checked out: already back in the pool, which removes it itself.
      }
    });
  });
  const factory = pgAdapter.createAdapter(pool, {
    channelPrefix: channel,
    tableName: `${GATEWAY_DB}.socket_io_attachments`,
    errorHandler: (e: Error) => logger.warn(`socket.io adapter: ${e.message}`),
  });
  return new LiveAdapter(
    'postgres',
    factory,
    () => pool.end(),
    () => checkPool(pool),
  );
}

export const LiveAdapterProvider: Provider = {
  provide: LiveAdapter,
  inject: [PLATFORM_CONFIG, LIVE_OPTIONS, ReadinessChecks],
  useFactory: async (config: PlatformConfig, opts: LiveOptions, readiness: ReadinessChecks): Promise<LiveAdapter> => {
    const logger = new Logger('LiveAdapter');
    const adapter = opts.redisUrl
      ? await redisAdapter(opts.redisUrl, opts.adapterChannel, logger)
      : postgresAdapter(config.databaseUrl!, opts.adapterChannel, logger);
    readiness.register('live-adapter', () => adapter.check());
    return adapter;
  },
};
