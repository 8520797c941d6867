import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { Column, type DataSource, Entity, PrimaryColumn } from 'typeorm';
import { AppError, type MessageKey } from '#libs/errors/src/index.js';

/**
 * rate-limiter-flexible's counters, one row per limited key (`login:<ip>`, `firm:<id>`, `ip:<ip>`), in each
 * service's own schema so that every replica of the service counts together. Only the library reads and writes
 * it. Created by each service's migration (the library's own CREATE at start would race between replicas).
 */
@Entity({ name: 'rate_limits' })
export class RateLimitCounter {
  @PrimaryColumn('varchar', { length: 255, primaryKeyConstraintName: 'rate_limits_pkey' })
  key: string;

  @Column('int', { default: 0 })
  points: number;

  /** When the window ends, in epoch milliseconds; null for a key without expiry (none of ours). */
  @Column('bigint', { nullable: true })
  expire: string | null;
}

/**
 * The table as the library expects it (its `_getCreateTableStmt`), for the services' migrations. Unlogged: an
 * upsert then waits for no WAL flush, which made most of a limited request's cost; the counters are emptied
 * after a database crash and not copied to a standby, which only lifts the limits for the current window.
 */
export const RATE_LIMITS_DDL =
  'CREATE UNLOGGED TABLE rate_limits (key varchar(255) CONSTRAINT rate_limits_pkey PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)';
export const RATE_LIMITS_DOWN_DDL = 'DROP TABLE rate_limits';

/**
 * A limit of `points` per `duration` seconds per key, counted in the service's schema (one upsert per call). A key
 * over its limit is then refused from memory until its window ends, so a flood costs the database nothing. When
 * the database does not answer, this process counts alone in memory until it does: a database hiccup must not
 * turn every limited request into a 500, nor lift the limit.
 */
export function sharedRateLimiter(
  ds: DataSource,
  o: { keyPrefix: string; points: number; duration: number },
): RateLimiterPostgres {
  return new RateLimiterPostgres({
    ...o,
    storeClient: ds,
    storeType: 'typeorm',
    schemaName: (ds.options as { schema?: string }).schema,
    tableName: 'rate_limits',
    tableCreated: true,
    inMemoryBlockOnConsumed: o.points + 1,
    insuranceLimiter: new RateLimiterMemory(o),
  });
}

/**
 * Takes one point for `key`, or refuses with 429 RATE_LIMITED, a `Retry-After` header and `message` (its `{seconds}` filled).
 * Store failures (with the insurance limiter failing too) propagate.
 */
export async function consumeOrRefuse(
  limiter: RateLimiterPostgres,
  key: string,
  reply: { header(name: string, value: string): unknown },
  message: MessageKey,
): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    reply.header('retry-after', String(seconds));
    throw new AppError('RATE_LIMITED', message, { seconds });
  }
}
