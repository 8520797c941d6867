import { schemaDriftFromEntities } from '#libs/testing/src/schema-agreement.js';
import { YARD_QUEUE_DB, YARD_QUEUE_ENTITIES } from '../src/database/yard-queue-database.js';
import { YARD_QUEUE_MIGRATIONS } from '../src/migrations/index.js';

// The entities are the typed description of the schema: generating a migration from them must yield nothing.
it('the yard-queue entities describe exactly the schema its migrations create', async () => {
  const drift = await schemaDriftFromEntities({
    schema: YARD_QUEUE_DB,
    migrations: YARD_QUEUE_MIGRATIONS,
    entities: YARD_QUEUE_ENTITIES,
  });
  expect(drift).toEqual([]);
});
