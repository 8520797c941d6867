import type { MigrationInterface, QueryRunner } from 'typeorm';
import { delayReasonPhrase, legacyDelayReason, toDelayReason } from '#libs/domain/src/index.js';
import { renderRefusal } from '#libs/errors/src/index.js';
import { migrateWaiverReasons } from '#libs/events/src/index.js';

/** The codes of the reasons as this migration knows them (a later code comes with a migration of its own). */
const REASONS = [
  'CALLED_DURING_SUSPENSION',
  'SUSPENDED_AFTER_CALL',
  'SUSPENDED_MOST_OF_WAIT',
  'LANE_BLOCKED_BY_HOLD',
  'GATE_AREA_FULL',
  'NOT_ARRIVED_AFTER_CALL',
  'CALLED_LATE',
  'AWAITING_CONFIRMATION',
  'AT_GATE_PROCEDURES',
  'HELD_BY_AGENCY',
  'HELD_AT_GATE',
  'SLOW_CROSSING',
  'LEGACY',
];

/**
 * The reasons of attributed delays and of waived no-shows by code and facts instead of a Vietnamese sentence, so
 * each reader has them in their own language. The sentences recorded so far are read back to their codes (one the
 * attribution did not write is kept, as it was, under LEGACY). The attributed delays are append-only: the trigger
 * is lifted for this rewrite only.
 */
export class YardQueueCodedDelayReasons1732300300000 implements MigrationInterface {
  name = 'YardQueueCodedDelayReasons1732300300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE delay_attributions ADD COLUMN reason_params jsonb');
    await q.query('ALTER TABLE delay_attributions DISABLE TRIGGER delay_attributions_append_only');
    const texts = (await q.query('SELECT DISTINCT reason FROM delay_attributions')) as { reason: string }[];
    for (const { reason } of texts) {
      const r = legacyDelayReason(reason);
      await q.query('UPDATE delay_attributions SET reason = $1, reason_params = $2 WHERE reason = $3', [
        r.code,
        r.params ? JSON.stringify(r.params) : null,
        reason,
      ]);
    }
    await q.query('ALTER TABLE delay_attributions ENABLE TRIGGER delay_attributions_append_only');
    await q.query(
      `ALTER TABLE delay_attributions ADD CONSTRAINT delay_attributions_reason_check
         CHECK (reason IN (${REASONS.map((r) => `'${r}'`).join(', ')}))`,
    );
    await migrateWaiverReasons(q, { table: 'queue_entries', column: 'no_show_waiver', path: [], to: 'record' });
  }

  async down(q: QueryRunner): Promise<void> {
    await migrateWaiverReasons(q, { table: 'queue_entries', column: 'no_show_waiver', path: [], to: 'down' });
    await q.query('ALTER TABLE delay_attributions DROP CONSTRAINT delay_attributions_reason_check');
    await q.query('ALTER TABLE delay_attributions DISABLE TRIGGER delay_attributions_append_only');
    const coded = (await q.query('SELECT DISTINCT reason, reason_params FROM delay_attributions')) as {
      reason: string;
      reason_params: object | null;
    }[];
    for (const c of coded)
      await q.query(
        'UPDATE delay_attributions SET reason = $1 WHERE reason = $2 AND reason_params IS NOT DISTINCT FROM $3::jsonb',
        [
          renderRefusal(
            delayReasonPhrase(toDelayReason({ code: c.reason, params: c.reason_params ?? undefined })),
            'vi',
          ),
          c.reason,
          c.reason_params ? JSON.stringify(c.reason_params) : null,
        ],
      );
    await q.query('ALTER TABLE delay_attributions ENABLE TRIGGER delay_attributions_append_only');
    await q.query('ALTER TABLE delay_attributions DROP COLUMN reason_params');
  }
}
