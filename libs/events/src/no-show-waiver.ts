import type { QueryRunner } from 'typeorm';
import { delayReasonPhrase, LANGUAGES, type Language, toNoShowWaiverRecord } from '#libs/domain/src/index.js';
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
 * For migrations: the waivers a jsonb column holds at `path` (`[]`: the column is the waiver) whose reason is still
 * a sentence, recorded before reasons had codes, get the reason's code read back from it (unknown text is kept as
 * LEGACY): as `record` where the waiver is stored, as `view` (with its words) where a copy of the views is kept.
 * `down` turns them back into `{ at, reason: <Vietnamese sentence> }`.
 */
export async function migrateWaiverReasons(
  q: QueryRunner,
  o: { table: string; column: string; path: string[]; to: 'record' | 'view' | 'down' },
): Promise<void> {
  const waiver = `${o.column} #> '{${o.path.join(',')}}'`;
  const stored = o.to === 'down' ? 'object' : 'string';
  const rows = (await q.query(
    `SELECT DISTINCT ${waiver} AS waiver FROM ${o.table} WHERE jsonb_typeof(${waiver} -> 'reason') = $1`,
    [stored],
  )) as { waiver: unknown }[];
  const set = o.path.length ? `jsonb_set(${o.column}, '{${o.path.join(',')}}', $1::jsonb)` : '$1::jsonb';
  for (const { waiver: w } of rows) {
    const record = toNoShowWaiverRecord(w);
    if (!record) continue;
    const to =
      o.to === 'record'
        ? record
        : o.to === 'view'
          ? noShowWaiverView(record)
          : { at: record.at, reason: renderRefusal(delayReasonPhrase(record.reason), 'vi') };
    await q.query(`UPDATE ${o.table} SET ${o.column} = ${set} WHERE ${waiver} = $2::jsonb`, [
      JSON.stringify(to),
      JSON.stringify(w),
    ]);
  }
}
