import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction, returnedRows } from '#libs/database/src/index.js';
import type { LatestEntry } from '#libs/domain/src/index.js';
import type { VehicleHandoffDecision, VehicleHandoffRequest, VehicleSnapshot } from '#libs/events/src/index.js';
import { YARD_QUEUE_DB } from '../database/yard-queue-database.js';
import type { ReplicaStatus } from '../queue/entities/vehicle.entity.js';
import { VehicleHandoffEntity } from './vehicle-handoff.entity.js';

interface LatestEntryRow {
  vehicle_id: string;
  gate: string;
  status: string;
  checked_in_at: Date | null;
  window_start: Date | null;
}

/** The unit of work of one decision: the vehicles' copies are locked as a check-in locks them. */
export class HandoffTx {
  constructor(private readonly em: EntityManager) {}

  /**
   * Makes sure the yard holds a copy of every vehicle involved, then locks them all (in id order, as every
   * decision does). A vehicle whose acceptance has not arrived yet gets its copy here, in its state after the
   * change: the acceptance, older, then never overwrites it, and no check-in could have seen it before.
   */
  async lockVehicles(copies: { snapshot: VehicleSnapshot; status: ReplicaStatus }[], at: Date): Promise<string[]> {
    const added: string[] = [];
    for (const c of copies) {
      const v = c.snapshot;
      const inserted = returnedRows<{ vehicle_id: string }>(
        await this.em.query(
          `INSERT INTO vehicles (vehicle_id, declaration_id, firm_id, gate, direction, plate_key, snapshot, status, declaration_version, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (vehicle_id) DO NOTHING RETURNING vehicle_id`,
          [
            v.vehicleId,
            v.declarationId,
            v.firmId,
            v.gate,
            v.direction,
            v.plateKey,
            JSON.stringify(v),
            c.status,
            v.version,
            at,
          ],
        ),
      );
      added.push(...inserted.map((r) => r.vehicle_id));
    }
    await this.em.query('SELECT 1 FROM vehicles WHERE vehicle_id = ANY($1) ORDER BY vehicle_id FOR UPDATE', [
      copies.map((c) => c.snapshot.vehicleId),
    ]);
    return added;
  }

  /** Removes the copies `lockVehicles` added, when the change is refused (no one else has seen them). */
  async dropAdded(vehicleIds: string[]): Promise<void> {
    if (vehicleIds.length) await this.em.query('DELETE FROM vehicles WHERE vehicle_id = ANY($1)', [vehicleIds]);
  }

  /** A decision already taken on this request (a retry), read after the locks so a concurrent one is seen. */
  async decided(id: string): Promise<VehicleHandoffDecision | null> {
    const row = await this.em.findOne(VehicleHandoffEntity, { where: { id } });
    return row?.decision ?? null;
  }

  /** Each vehicle's latest queue entry, by vehicle id (vehicles never checked in are absent). */
  async latestEntries(vehicleIds: string[]): Promise<Map<string, Omit<LatestEntry, 'plate'>>> {
    const rows = await this.em.query<LatestEntryRow[]>(
      `SELECT DISTINCT ON (vehicle_id) vehicle_id, gate, status, checked_in_at, window_start
       FROM queue_entries WHERE vehicle_id = ANY($1) ORDER BY vehicle_id, seq DESC`,
      [vehicleIds],
    );
    return new Map(
      rows.map((r) => [
        r.vehicle_id,
        { gate: r.gate, status: r.status, checkedInAt: r.checked_in_at, windowStart: r.window_start },
      ]),
    );
  }

  /**
   * Writes a vehicle's copy as the change leaves it. A withdrawn copy stays withdrawn: a vehicle leaves a
   * declaration for good (a cancelled declaration or a removed vehicle never comes back).
   */
  async writeCopy(v: VehicleSnapshot, status: ReplicaStatus, at: Date): Promise<void> {
    await this.em.query(
      `UPDATE vehicles SET plate_key = $2, snapshot = $3, status = $4, declaration_version = GREATEST(declaration_version, $5), updated_at = $6
       WHERE vehicle_id = $1 AND status <> 'WITHDRAWN'`,
      [v.vehicleId, v.plateKey, JSON.stringify(v), status, v.version, at],
    );
  }

  async record(r: VehicleHandoffRequest, decision: VehicleHandoffDecision, at: Date): Promise<void> {
    await this.em.insert(VehicleHandoffEntity, {
      id: r.id,
      declarationId: r.declarationId,
      kind: r.kind,
      version: r.version,
      outcome: decision.outcome,
      decision,
      decidedAt: at,
    });
  }
}

@Injectable()
export class VehicleHandoffRepository {
  constructor(@InjectDataSource(YARD_QUEUE_DB) private readonly ds: DataSource) {}

  transaction<T>(work: (tx: HandoffTx) => Promise<T>): Promise<T> {
    return inTransaction(this.ds, (em) => work(new HandoffTx(em)));
  }
}
