import type { QueryRunner } from 'typeorm';
import {
  delayReasonPhrase,
  LANGUAGES,
  type Language,
  legacyDelayReason,
  toDelayReason,
  toNoShowWaiverRecord,
} from '#libs/domain/src/index.js';
import { renderRefusal } from '#libs/errors/src/index.js';
import type { NoShowWaiver } from './queue-listing.dto.js';

/**
 * A waiver as the views show it: its code and facts, and the reason said in each language. Reads any stored or
 * relayed shape (a waiver recorded before reasons had codes carries its Vietnamese sentence).
 */
export function noShowWaiverView(stored: unknown): NoShowWaiver | null {
  const w = toNoShowWaiverRecord(stored);
  if (!w) return null;
  const phrase = delayReasonPhrase(w.reason);
  const reasonText = Object.fromEntries(LANGUAGES.map((l) => [l, renderRefusal(phrase, l)])) as Record<
    Language,
    string
  >;
  return { ...w, reasonText };
}

/**
 * For migrations: a jsonb column holding a waiver at `path` (`[]`: the column itself) whose reason is a sentence,
 * recorded before reasons had codes, gets the reason's code read back from it (unknown text is kept as LEGACY).
 * `down` turns coded reasons back into their Vietnamese sentence.
 */
export async function migrateWaiverReasons(
  q: QueryRunner,
  o: { table: string; column: string; path: string[]; down?: boolean },
): Promise<void> {
  const reason = `${o.column} #> '{${[...o.path, 'reason'].join(',')}}'`;
  const stored = o.down ? 'object' : 'string';
  const rows = (await q.query(
    `SELECT DISTINCT ${reason} AS reason FROM ${o.table} WHERE jsonb_typeof(${reason}) = $1`,
    [stored],
  )) as { reason: unknown }[];
  for (const r of rows) {
    const to = o.down
      ? renderRefusal(delayReasonPhrase(toDelayReason(r.reason)), 'vi')
      : legacyDelayReason(r.reason as string);
    await q.query(
      `UPDATE ${o.table} SET ${o.column} = jsonb_set(${o.column}, '{${[...o.path, 'reason'].join(',')}}', $1::jsonb)
        WHERE jsonb_typeof(${reason}) = $2 AND ${reason} = $3::jsonb`,
      [JSON.stringify(to), stored, JSON.stringify(r.reason)],
    );
  }
}
