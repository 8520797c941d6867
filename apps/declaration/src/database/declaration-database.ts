import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { migrateServiceSchema, serviceDataSourceOptions } from '#libs/database/src/index.js';
import { DECLARATION_MIGRATIONS } from '../migrations/index.js';

/** The declaration service's connection: schema `declaration`, migrated at start. */
export const DECLARATION_DB = 'declaration';

export const DeclarationDatabaseModule = TypeOrmModule.forRootAsync({
  name: DECLARATION_DB,
  inject: [PLATFORM_CONFIG],
  useFactory: (c: PlatformConfig) =>
    serviceDataSourceOptions({
      url: c.databaseUrl!,
      schema: DECLARATION_DB,
      migrations: DECLARATION_MIGRATIONS,
      applicationName: 'declaration',
      poolSize: 20,
    }),
  dataSourceFactory: async (options) => {
    const ds = await new DataSource(options!).initialize();
    await migrateServiceSchema(ds, DECLARATION_DB);
    return ds;
  },
});
