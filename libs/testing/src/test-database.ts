import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase, withDatabase } from '#libs/database/src/index.js';

/**
 * A database of its own for one test file, on the server the test runner chose (TEST_DATABASE_URL),
 * so files running in parallel, and separate runs, never see each other's rows.
 */
export async function createTestDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`');
  const name =
    `t_${label.replace(/\W/g, '_').slice(0, 30)}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await ensureDatabase(server, name);
  return { url: withDatabase(server, name), drop: () => dropDatabase(server, name) };
}
