import type pg from 'pg';
import type { DataSource } from 'typeorm';

/** A statement Postgres parses and plans once per connection, then runs by name. */
export interface PreparedStatement {
  name: string;
  text: string;
}

/**
 * Runs a named statement on a connection of the data source's pool, outside any transaction of its own:
 * for a write that is one statement (a server-side function), the statement is the transaction. TypeORM
 * cannot name a statement; its pool is a pg pool, which can. Errors are pg's (`code`, `constraint`).
 */
export async function runPrepared<T>(ds: DataSource, statement: PreparedStatement, values: unknown[]): Promise<T[]> {
  const pool = (ds.driver as unknown as { master: pg.Pool }).master;
  const result = await pool.query<T & pg.QueryResultRow>({ name: statement.name, text: statement.text, values });
  return result.rows;
}
