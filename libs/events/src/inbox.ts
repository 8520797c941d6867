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
  return inEventContext(event, run);
}

/** Runs `fn` with the id of the request that caused `event` (in the producing service) as the log context. */
export function inEventContext<T>(event: AnyEventEnvelope, fn: () => T): T {
  return event.requestId ? runWithRequestId(event.requestId, fn) : fn();
}

/**
 * Applies a delivered batch in one transaction, each event at most once: the inbox rows commit with the effects,
 * as `consumeOnce`, and `work` gets the events not applied before, in order. One commit for the lot instead of one
 * per event, so a consumer that writes on most events keeps up with its producer. Any failure rolls the whole
 * batch back, and the relay delivers it again. Returns how many events were new.
 */
export async function consumeBatchOnce(
  ds: DataSource,
  events: AnyEventEnvelope[],
  work: (em: EntityManager, fresh: AnyEventEnvelope[]) => Promise<void>,
): Promise<number> {
  if (events.length === 0) return 0;
  return inTransaction(ds, async (em) => {
    const inserted = await em.query<InboxInsertRow[]>(
      `INSERT INTO inbox (event_id, type) SELECT * FROM unnest($1::uuid[], $2::text[])
         ON CONFLICT DO NOTHING RETURNING event_id`,
      [events.map((e) => e.id), events.map((e) => e.type)],
    );
    const ids = new Set(inserted.map((r) => r.event_id));
    const fresh = events.filter((e) => ids.delete(e.id));
    await work(em, fresh);
    return fresh.length;
  });
}
