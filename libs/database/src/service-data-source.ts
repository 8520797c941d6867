import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { TimeoutDroppingClient } from './timeout-dropping-client.js';

export interface ServiceDataSourceOptions {
  url: string;
  /** The Postgres schema the service owns; it never reads another service's schema. */
  schema: string;
  migrations: (new () => MigrationInterface)[];
  /** The service's entities: the typed description of the tables its migrations create. */
  entities?: DataSourceOptions['entities'];
  poolSize?: number;
  applicationName: string;
}

/**
 * One DataSource per service: its own schema, its own migrations table, and a bounded pool.
 * `synchronize` stays off: the schema only changes through committed migrations.
 */
export function serviceDataSourceOptions(o: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: o.url,
    schema: o.schema,
    migrations: o.migrations,
    entities: o.entities ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries surface as exceptions mapped to API errors; logging them here too would only duplicate.
    logging: false,
    applicationName: o.applicationName,
    extra: {
      max: o.poolSize ?? 20,
      // Fail fast when the database is unreachable instead of piling requests up.
      connectionTimeoutMillis: 5000,
      // A query whose answer never comes (a black-holed connection, where statement_timeout cannot fire)
      // ends on the client side a second after the server would have cancelled it, and its connection is
      // dropped with it; TCP keepalive notices a dead peer on idle connections.
      Client: TimeoutDroppingClient,
      query_timeout: 13000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10000,
      // Queries run in the service's schema first; `public` is never used. A session left idle inside a
      // transaction by a vanished client is ended by the server, which frees its row locks.
      options: `-c search_path=${o.schema} -c statement_timeout=12000 -c lock_timeout=10000 -c idle_in_transaction_session_timeout=30000`,
    },
  };
}

export function createServiceDataSource(o: ServiceDataSourceOptions): DataSource {
  return new DataSource(serviceDataSourceOptions(o));
}

/**
 * Applies pending migrations under an advisory lock, so several replicas starting at once
 * do not race on the same DDL. They run on a connection of their own without the request timeouts: a
 * migration may rewrite a large table (months of statistics take minutes), and a timeout would leave the
 * service unable to start.
 */
export async function migrateServiceSchema(ds: DataSource, schema: string): Promise<void> {
  const extra = ('extra' in ds.options ? ds.options.extra : {}) as Record<string, unknown>;
  const migrator = new DataSource({
    ...ds.options,
    extra: { ...extra, max: 2, query_timeout: undefined, options: `-c search_path=${schema}` },
  });
  await migrator.initialize();
  try {
    const runner = migrator.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
      try {
        await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await migrator.runMigrations({ transaction: 'each' });
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]);
      }
    } finally {
      await runner.release();
    }
  } finally {
    await migrator.destroy();
  }
}
