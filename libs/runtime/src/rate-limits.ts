import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { Column, type DataSource, Entity, PrimaryColumn } from 'typeorm';
import { type PreparedStatement, runPrepared } from '#libs/database/src/index.js';
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
    refuse(e.msBeforeNext, reply, message);
  }
}

function refuse(ms: number, reply: { header(name: string, value: string): unknown }, message: MessageKey): never {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  reply.header('retry-after', String(seconds));
  throw new AppError('RATE_LIMITED', message, { seconds });
}

/** One of the limits a `SharedRateLimits` takes at once: `points` per `duration` seconds per key. */
export interface SharedLimit {
  keyPrefix: string;
  points: number;
  duration: number;
}

/** How many points a key has used in its window and when the window ends (epoch ms). */
interface CounterRow {
  key: string;
  points: number;
  expire: string | null;
}

/**
 * Several limits taken in one round trip: the same counters as `sharedRateLimiter`'s (same table, same keys
 * `<prefix>:<key>`, same windows: the first point opens a window of `duration` seconds, a point after its end
 * opens the next), every key of a request upserted by one statement. The rest as there: a key over its limit
 * is refused from memory until its window ends, and while the database does not answer each key is counted by
 * this process alone in memory. The keys are written in one order (sorted), so two requests that share keys
 * cannot wait on each other's rows crosswise.
 */
export class SharedRateLimits {
  private readonly limits: Map<string, SharedLimit & { insurance: RateLimiterMemory }>;
  /** Keys refused until (epoch ms) their window ends. */
  private readonly blocked = new Map<string, number>();
  private readonly upsert: PreparedStatement;

  constructor(
    private readonly ds: DataSource,
    limits: SharedLimit[],
  ) {
    this.limits = new Map(limits.map((l) => [l.keyPrefix, { ...l, insurance: new RateLimiterMemory(l) }]));
    const schema = (ds.options as { schema?: string }).schema;
    const table = schema ? `"${schema}"."rate_limits"` : '"rate_limits"';
    this.upsert = {
      name: `rate-limits-${[...this.limits.keys()].join('-')}`,
      text: `INSERT INTO ${table} AS r (key, points, expire)
        SELECT t.key, 1, t.expire FROM unnest($1::text[], $2::bigint[]) AS t(key, expire) ORDER BY t.key
        ON CONFLICT (key) DO UPDATE SET
          points = CASE WHEN r.expire <= $3 THEN 1 ELSE r.points + 1 END,
          expire = CASE WHEN r.expire <= $3 THEN EXCLUDED.expire ELSE r.expire END
        RETURNING r.key, r.points, r.expire`,
    };
  }

  /**
   * Takes one point of each limit named (`keyPrefix` → key); resolves to the milliseconds until the caller may
   * try again when any of them is over its limit, else 0. Every key is counted, refused or not, but for a key
   * already refused from memory (as a lone limiter does).
   */
  async consume(keys: Record<string, string>): Promise<number> {
    const now = Date.now();
    let wait = 0;
    const toCount: { rlKey: string; prefix: string; key: string; limit: SharedLimit }[] = [];
    for (const [prefix, key] of Object.entries(keys)) {
      const limit = this.limits.get(prefix);
      if (!limit) throw new Error(`no rate limit ${prefix}`);
      const rlKey = `${prefix}:${key}`;
      const until = this.blocked.get(rlKey);
      if (until !== undefined && until > now) wait = Math.max(wait, until - now);
      else toCount.push({ rlKey, prefix, key, limit });
    }
    if (toCount.length === 0) return wait;
    let rows: CounterRow[];
    try {
      rows = await runPrepared<CounterRow>(this.ds, this.upsert, [
        toCount.map((c) => c.rlKey),
        toCount.map((c) => now + c.limit.duration * 1000),
        now,
      ]);
    } catch {
      // The database does not answer: this process counts alone until it does.
      for (const c of toCount) wait = Math.max(wait, await this.insured(c.prefix, c.key));
      return wait;
    }
    const after = Date.now();
    for (const row of rows) {
      const c = toCount.find((x) => x.rlKey === row.key)!;
      if (row.points <= c.limit.points) continue;
      const ms = row.expire === null ? c.limit.duration * 1000 : Math.max(Number(row.expire) - after, 0);
      this.block(row.key, after + ms);
      wait = Math.max(wait, ms);
    }
    return wait;
  }

  private async insured(prefix: string, key: string): Promise<number> {
    try {
      await this.limits.get(prefix)!.insurance.consume(key);
      return 0;
    } catch (e) {
      if (e instanceof RateLimiterRes) return e.msBeforeNext;
      throw e;
    }
  }

  private block(rlKey: string, until: number): void {
    // Windows that have ended are forgotten now and then, so a flood of addresses does not grow the map for ever.
    if (this.blocked.size >= 10_000) {
      const now = Date.now();
      for (const [k, t] of this.blocked) if (t <= now) this.blocked.delete(k);
    }
    this.blocked.set(rlKey, until);
  }
}

/** Sets `Retry-After` and refuses with 429 RATE_LIMITED when `ms` (a wait from `SharedRateLimits.consume`) is not 0. */
export function refuseIfWaiting(
  ms: number,
  reply: { header(name: string, value: string): unknown },
  message: MessageKey,
): void {
  if (ms > 0) refuse(ms, reply, message);
}
