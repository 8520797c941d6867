import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Direction, VehicleState } from '#libs/domain/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';
import type { QueueInfo } from '../declarations/declaration.types.js';
import type { FleetVehicleView } from './fleet.dto.js';

interface FleetDbRow {
  id: string;
  declaration_id: string;
  number: string;
  plate: string;
  gate: string;
  direction: Direction;
  status: VehicleState;
  queue: QueueInfo | null;
  updated_at: Date;
}

/** A firm's vehicles for its own systems (`GET /api/fleet`). */
@Injectable()
export class FleetRepository {
  constructor(@InjectDataSource(DECLARATION_DB) private readonly ds: DataSource) {}

  /**
   * One page of a firm's vehicles (not removed from their declaration) with their current state, in vehicle id
   * order after `after`: one statement, keyset-paged so a page costs the same at any depth.
   */
  async fleet(firmId: string, after: string | null, limit: number): Promise<FleetVehicleView[]> {
    const rows = await this.ds.query<FleetDbRow[]>(
      `SELECT v.id, v.declaration_id, d.number, v.plate, d.gate, d.direction, v.status, v.queue, v.updated_at
       FROM vehicles v JOIN declarations d ON d.id = v.declaration_id
       WHERE d.firm_id = $1 AND NOT v.removed AND ($2::uuid IS NULL OR v.id > $2)
       ORDER BY v.id LIMIT $3`,
      [firmId, after, limit],
    );
    return rows.map((r) => ({
      vehicleId: r.id,
      declarationId: r.declaration_id,
      declarationNumber: r.number,
      plate: r.plate,
      gate: r.gate,
      direction: r.direction,
      status: r.status,
      window: r.queue?.window ?? null,
      position: r.queue?.position ?? null,
      eta: r.queue?.eta ?? null,
      checkedInAt: r.queue?.checkedInAt ?? null,
      updatedAt: r.updated_at.toISOString(),
    }));
  }
}
