import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '#libs/database/src/index.js';
import { runWithRequestId } from '#libs/request-context/src/index.js';
import type { AnyEventEnvelope } from './contracts.js';

/** The row `consumeOnce` gets back when the event id was new. */
interface InboxInsertRow {
  event_id: string;
}

/**
 * Applies an event at most once: the event id is recorded in the consumer's inbox in the same
 * transaction as the effect, so a redelivered event is recognised and skipped.
 * Returns false when the event had already been applied.
 */
export async function consumeOnce(
  ds: DataSource,
  event: AnyEventEnvelope,
  apply: (em: EntityManager) => Promise<void>,
): Promise<boolean> {
  const run = () =>
    inTransaction(ds, async (em) => {
      const inserted = await em.query<InboxInsertRow[]>(
        'INSERT INTO inbox (event_id, type) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
        [event.id, event.type],
      );
      if (inserted.length === 0) return false;
      await apply(em);
      return true;
    });
  // Whatever applying the event logs carries the id of the request that caused it, in the producing service.
  return event.requestId ? runWithRequestId(event.requestId, run) : run();
}
