import type { DataSource, EntityManager } from 'typeorm';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected

/**
 * Runs `work` in one transaction and retries it a few times when Postgres aborts it for a
 * serialization failure or a deadlock: those are safe to retry because nothing was committed.
 */
export async function inTransaction<T>(
  ds: DataSource,
  work: (em: EntityManager) => Promise<T>,
  isolation?: 'REPEATABLE READ' | 'SERIALIZABLE',
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // READ COMMITTED is Postgres's default: naming it would cost one more round trip per transaction.
      return await (isolation ? ds.transaction(isolation, work) : ds.transaction(work));
    } catch (e) {
      const code =
        (e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, attempt * 10 + Math.floor(Math.random() * 20)));
    }
  }
}

/** Postgres error code of a TypeORM QueryFailedError or a pg error, if any. */
export function pgErrorCode(e: unknown): string | undefined {
  const err = e as { code?: string; driverError?: { code?: string } };
  return err.driverError?.code ?? err.code;
}

export const PG_UNIQUE_VIOLATION = '23505';
/** A `NOWAIT` lock that another transaction holds. */
export const PG_LOCK_NOT_AVAILABLE = '55P03';

/**
 * The rows of an `UPDATE … RETURNING` / `DELETE … RETURNING` run through TypeORM, whose Postgres driver
 * answers those with `[rows, rowCount]` instead of the rows (SELECT and INSERT give the rows).
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as T[];
  return result as T[];
}
