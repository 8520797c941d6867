import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_PER_SINK_DOWN_DDL, outboxPerSinkDdl, type SinkRegistration } from '#libs/events/src/index.js';

/** The receivers of this service's events when delivery became per sink (the yard-queue). */
const SINKS: SinkRegistration[] = [
  { name: 'yard-queue', types: ['declaration.accepted', 'declaration.amended', 'declaration.cancelled'] },
];

/** Each receiver gets its own delivery queue, so one that is down does not hold back the others. */
export class DeclarationOutboxPerSink1732300004000 implements MigrationInterface {
  name = 'DeclarationOutboxPerSink1732300004000';

  async up(q: QueryRunner): Promise<void> {
    for (const s of outboxPerSinkDdl(SINKS)) await q.query(s.sql, s.params);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of OUTBOX_PER_SINK_DOWN_DDL) await q.query(sql);
  }
}
