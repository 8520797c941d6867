import { schemaDriftFromEntities } from '#libs/testing/src/schema-agreement.js';
import { GATEWAY_DB, GATEWAY_ENTITIES } from '../src/database/gateway-database.js';
import { GATEWAY_MIGRATIONS } from '../src/migrations/index.js';

// The entities are the typed description of the schema: generating a migration from them must yield nothing.
it('the gateway entities describe exactly the schema its migrations create', async () => {
  const drift = await schemaDriftFromEntities({
    schema: GATEWAY_DB,
    migrations: GATEWAY_MIGRATIONS,
    entities: GATEWAY_ENTITIES,
  });
  expect(drift).toEqual([]);
});
