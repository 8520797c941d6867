import { schemaDriftFromEntities } from '#libs/testing/src/index.js';
import { DECLARATION_DB, DECLARATION_ENTITIES } from '../src/database/declaration-database.js';
import { DECLARATION_MIGRATIONS } from '../src/migrations/index.js';

// The entities are the typed description of the schema the committed migrations build: generating a
// migration from them must yield nothing. Triggers, functions and the numbering sequence are the
// migrations' alone (an entity cannot describe them); the tests of the behaviour they give cover them.
describe('declaration schema', () => {
  it('is what the entities describe', async () => {
    const drift = await schemaDriftFromEntities({
      schema: DECLARATION_DB,
      migrations: DECLARATION_MIGRATIONS,
      entities: DECLARATION_ENTITIES,
    });
    expect(drift).toEqual([]);
  });
});
