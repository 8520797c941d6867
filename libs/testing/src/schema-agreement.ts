import type { DataSourceOptions, MigrationInterface } from 'typeorm';
import { createServiceDataSource, migrateServiceSchema } from '#libs/database/src/index.js';
import { createTestDatabase } from './test-database.js';

/**
 * The statements TypeORM would generate to make a freshly migrated schema match the entities: empty when the
 * committed migrations and the entities describe the same tables, columns, keys, indexes and checks.
 */
export async function schemaDriftFromEntities(o: {
  schema: string;
  migrations: (new () => MigrationInterface)[];
  entities: DataSourceOptions['entities'];
}): Promise<string[]> {
  const db = await createTestDatabase(`drift_${o.schema}`);
  const ds = createServiceDataSource({
    url: db.url,
    schema: o.schema,
    migrations: o.migrations,
    entities: o.entities,
    applicationName: 'schema-agreement',
    poolSize: 2,
  });
  try {
    await ds.initialize();
    await migrateServiceSchema(ds, o.schema);
    const pending = await ds.driver.createSchemaBuilder().log();
    return pending.upQueries.map((q) => q.query);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
}
