import pg from 'pg';

const READ_TIMEOUT = 'Query read timeout';

/**
 * A pg client that gives up its connection when a query's answer does not arrive within `query_timeout`.
 * pg rejects such a query but keeps the connection, whose next queries then wait behind the lost answer
 * for as long as the network holds it (a black-holed database). Destroying the socket ends the client, so
 * the pool discards it and the request's transaction fails at once instead of hanging on its rollback.
 */
export class TimeoutDroppingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // A connection lost while no one listens (checked out between queries, or just released with an error, when
    // TypeORM has already removed its listener) would be an unhandled 'error' that ends the whole service: seen
    // when PostgreSQL restarts and a second error follows the first. The error is not lost: the pool and TypeORM
    // listen while they hold the client, a query in flight gets it through its own callback, and a client that
    // has failed refuses its next query, so the request that holds it fails and releases it to be discarded.
    this.on('error', () => undefined);
  }

  override query(...args: unknown[]): never {
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (err: Error | null, res?: unknown) => void;
      args[last] = (err: Error | null, res?: unknown) => {
        if (err?.message === READ_TIMEOUT) this.drop();
        callback(err, res);
      };
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      result.catch((err: Error) => {
        if (err?.message === READ_TIMEOUT) this.drop();
      });
    }
    return result as never;
  }

  private drop(): void {
    // Marked as ending first, as `end()` would (pg-pool reads the same flag): released now, it is discarded,
    // not handed to the next request; `end()` itself would wait for a goodbye the network never delivers.
    const self = this as unknown as { _ending: boolean; connection: { stream: { destroy(): void } } };
    self._ending = true;
    self.connection.stream.destroy();
  }
}

/** Resolves when the pool can hand out a connection that answers: the readiness check of a pool outside TypeORM. */
export async function checkPool(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT 1');
}
