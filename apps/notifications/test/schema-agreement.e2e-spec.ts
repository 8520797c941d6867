import { schemaDriftFromEntities } from '#libs/testing/src/schema-agreement.js';
import { NOTIFICATIONS_DB, NOTIFICATIONS_ENTITIES } from '../src/database/notifications-database.js';
import { NOTIFICATIONS_MIGRATIONS } from '../src/migrations/index.js';

// The entities are the typed description of the schema: generating a migration from them must yield nothing.
it('the notification entities describe exactly the schema its migrations create', async () => {
  const drift = await schemaDriftFromEntities({
    schema: NOTIFICATIONS_DB,
    migrations: NOTIFICATIONS_MIGRATIONS,
    entities: NOTIFICATIONS_ENTITIES,
  });
  expect(drift).toEqual([]);
});
