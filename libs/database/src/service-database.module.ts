import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { migrateServiceSchema, serviceDataSourceOptions } from './service-data-source.js';

/**
 * A service's named TypeORM connection (`@InjectDataSource(schema)`): its own schema, its committed
 * migrations applied at start under an advisory lock.
 */
export function serviceDatabaseModule(o: {
  schema: string;
  migrations: (new () => MigrationInterface)[];
  entities?: DataSourceOptions['entities'];
  applicationName: string;
  poolSize: number;
}) {
  return TypeOrmModule.forRootAsync({
    name: o.schema,
    inject: [PLATFORM_CONFIG],
    useFactory: (c: PlatformConfig) =>
      serviceDataSourceOptions({
        url: c.databaseUrl!,
        schema: o.schema,
        migrations: o.migrations,
        entities: o.entities,
        applicationName: o.applicationName,
        poolSize: o.poolSize,
      }),
    dataSourceFactory: async (options) => {
      const ds = await new DataSource(options!).initialize();
      await migrateServiceSchema(ds, o.schema);
      return ds;
    },
  });
}
