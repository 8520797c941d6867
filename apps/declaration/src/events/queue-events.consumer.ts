import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type AnyEventEnvelope, consumeOnce, type EventConsumer } from '#libs/events/src/index.js';
import { returnedRows } from '#libs/database/src/index.js';
import { isVehicleState, summariseDeclaration, type VehicleState } from '#libs/domain/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';

/**
 * Applies the yard-queue service's events to the declarations, so a firm sees where each of its
 * vehicles is (checked in, slot, position, called, crossed…). Each event id is applied once.
 */
@Injectable()
export class QueueEventsConsumer implements EventConsumer {
  constructor(@InjectDataSource(DECLARATION_DB) private readonly ds: DataSource) {}

  async handle(events: AnyEventEnvelope[]): Promise<void> {
    for (const event of events) {
      await consumeOnce(this.ds, event, async (em) => {
        if (event.type === 'gate.updated') {
          const p = event.payload;
          await em.query(
            `INSERT INTO gates (code, name, auto_accept) VALUES ($1, $2, $3) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, auto_accept = EXCLUDED.auto_accept`,
            [p.gate, p.name, p.autoAccept],
          );
          return;
        }
        if (event.type !== 'queue.changed') return;
        const touched = new Set<string>();
        for (const c of event.payload.entries) {
          if (!isVehicleState(c.vehicleStatus)) continue;
          const rows = returnedRows<{ declaration_id: string }>(
            await em.query(
              `UPDATE vehicles SET status = $2, queue = $3, updated_at = $4 WHERE id = $1 RETURNING declaration_id`,
              [
                c.vehicleId,
                c.vehicleStatus,
                c.vehicleStatus === 'ACCEPTED'
                  ? null
                  : JSON.stringify({
                      entryId: c.id,
                      status: c.status,
                      window: c.window,
                      position: c.position,
                      checkedInAt: c.checkedInAt,
                    }),
                event.occurredAt,
              ],
            ),
          );
          if (rows[0]) touched.add(rows[0].declaration_id);
        }
        for (const id of touched) {
          const states: { status: VehicleState }[] = await em.query(
            'SELECT status FROM vehicles WHERE declaration_id = $1 AND NOT removed',
            [id],
          );
          await em.query('UPDATE declarations SET status = $2, updated_at = $3 WHERE id = $1', [
            id,
            summariseDeclaration(states.map((s) => s.status)),
            event.occurredAt,
          ]);
        }
      });
    }
  }
}
