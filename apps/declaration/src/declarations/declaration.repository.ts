import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '#libs/auth/src/index.js';
import { inTransaction, returnedRows } from '#libs/database/src/index.js';
import { type Direction, OPEN_DECLARATION_STATUSES, type VehicleState } from '#libs/domain/src/index.js';
import { type EventMap, type EventType, writeEvent } from '#libs/events/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';
import type {
  AuditEntry,
  CorrectionRequestRecord,
  DeclarationContent,
  DeclarationRecord,
  QueueInfo,
  VehicleRecord,
} from './declaration.types.js';

interface DeclarationRow {
  id: string;
  number: string;
  firm_id: string;
  firm_name: string;
  firm_tax_code: string;
  gate: string;
  direction: Direction;
  status: string;
  current_version: number;
  decision_reason: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  content: DeclarationContent;
}

interface VehicleRow {
  id: string;
  declaration_id: string;
  plate_key: string;
  status: VehicleState;
  queue: QueueInfo | null;
}

const toVehicle = (r: VehicleRow): VehicleRecord => ({
  id: r.id,
  declarationId: r.declaration_id,
  plateKey: r.plate_key,
  status: r.status,
  queue: r.queue,
});

const SELECT_DECLARATION = `
  SELECT d.*, f.name AS firm_name, f.tax_code AS firm_tax_code, v.content
  FROM declarations d
  JOIN firms f ON f.id = d.firm_id
  JOIN declaration_versions v ON v.declaration_id = d.id AND v.version = d.current_version`;

/** Which declarations a caller may see: a firm its own, an officer those of their gates, an admin all. */
export interface Scope {
  firmId?: string;
  gates?: string[];
}

export function scopeOf(user: AuthUser): Scope {
  if (user.role === 'FIRM') return { firmId: user.firmId ?? '00000000-0000-0000-0000-000000000000' };
  if (user.role === 'ADMIN') return {};
  return { gates: user.gates };
}

export interface ListFilter {
  status?: string;
  gate?: string;
  direction?: string;
  plateKey?: string;
  page: number;
  pageSize: number;
}

interface NewVehicle {
  id: string;
  declarationId: string;
  ordinal: number;
  plateKey: string;
  plate: string;
  trailerPlateKey: string | null;
  status: VehicleState;
  at: Date;
}

/** The unit of work of one change to one declaration: every write of the change goes through it. */
export class DeclarationTx {
  constructor(readonly em: EntityManager) {}

  /** Locks the declaration row for the rest of the transaction, so changes to one declaration are serial. */
  async lock(id: string): Promise<DeclarationRecord | null> {
    const locked: { id: string }[] = await this.em.query('SELECT id FROM declarations WHERE id = $1 FOR UPDATE', [id]);
    if (locked.length === 0) return null;
    return loadDeclaration(this.em, id);
  }

  /**
   * Locks the firm's row, then counts its open declarations: creates of one firm are serial, so the cap
   * holds under any concurrency. Two statements on purpose: a count inside the locking statement would
   * read the snapshot taken before the lock was granted and miss what the previous holder committed.
   */
  async lockFirmAndCountActive(firmId: string): Promise<number> {
    await this.em.query('SELECT 1 FROM firms WHERE id = $1 FOR UPDATE', [firmId]);
    const [row] = await this.em.query(
      'SELECT count(*)::int AS active FROM declarations WHERE firm_id = $1 AND status = ANY($2)',
      [firmId, [...OPEN_DECLARATION_STATUSES]],
    );
    return row.active;
  }

  /** Inserts a declaration numbered from the sequence (TK<year>-<8 digits>); returns the number and the firm. */
  async insertDeclaration(d: {
    id: string;
    firmId: string;
    gate: string;
    direction: string;
    status: string;
    expectedArrival: string;
    createdBy: string;
    at: Date;
  }): Promise<{ number: string; firmName: string; firmTaxCode: string }> {
    const [row] = await this.em.query(
      `INSERT INTO declarations (id, number, firm_id, gate, direction, status, current_version, expected_arrival, created_by, created_at, updated_at)
       VALUES ($1, 'TK' || to_char($8::timestamptz AT TIME ZONE 'UTC', 'YYYY') || '-' || lpad(nextval('declaration_number_seq')::text, 8, '0'), $2, $3, $4, $5, 1, $6, $7, $8, $8)
       RETURNING number, (SELECT name FROM firms WHERE id = $2) AS firm_name, (SELECT tax_code FROM firms WHERE id = $2) AS firm_tax_code`,
      [d.id, d.firmId, d.gate, d.direction, d.status, d.expectedArrival, d.createdBy, d.at],
    );
    return { number: row.number, firmName: row.firm_name, firmTaxCode: row.firm_tax_code };
  }

  async insertVersion(
    declarationId: string,
    version: number,
    content: DeclarationContent,
    by: string,
    at: Date,
    note: string | null,
  ): Promise<void> {
    await this.em.query(
      'INSERT INTO declaration_versions (declaration_id, version, content, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [declarationId, version, JSON.stringify(content), note, by, at],
    );
  }

  async setCurrentVersion(declarationId: string, version: number, expectedArrival: string, at: Date): Promise<void> {
    await this.em.query(
      'UPDATE declarations SET current_version = $2, expected_arrival = $3, updated_at = $4 WHERE id = $1',
      [declarationId, version, expectedArrival, at],
    );
  }

  async insertVehicle(v: NewVehicle): Promise<void> {
    await this.insertVehicles([v]);
  }

  /** All of a declaration's vehicles in one statement. */
  async insertVehicles(vs: NewVehicle[]): Promise<void> {
    await this.em.query(
      `INSERT INTO vehicles (id, declaration_id, ordinal, plate_key, plate, trailer_plate_key, status, updated_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])`,
      [
        vs.map((v) => v.id),
        vs.map((v) => v.declarationId),
        vs.map((v) => v.ordinal),
        vs.map((v) => v.plateKey),
        vs.map((v) => v.plate),
        vs.map((v) => v.trailerPlateKey),
        vs.map((v) => v.status),
        vs.map((v) => v.at),
      ],
    );
  }

  async updateVehicleIdentity(v: {
    id: string;
    ordinal: number;
    plateKey: string;
    plate: string;
    trailerPlateKey: string | null;
    at: Date;
  }): Promise<void> {
    await this.em.query(
      'UPDATE vehicles SET ordinal = $2, plate_key = $3, plate = $4, trailer_plate_key = $5, updated_at = $6 WHERE id = $1',
      [v.id, v.ordinal, v.plateKey, v.plate, v.trailerPlateKey, v.at],
    );
  }

  async removeVehicle(id: string, at: Date): Promise<void> {
    await this.em.query(`UPDATE vehicles SET removed = true, status = 'CANCELLED', updated_at = $2 WHERE id = $1`, [
      id,
      at,
    ]);
  }

  async setVehicleStatus(id: string, status: VehicleState, at: Date, queue?: QueueInfo | null): Promise<void> {
    if (queue === undefined) {
      await this.em.query('UPDATE vehicles SET status = $2, updated_at = $3 WHERE id = $1', [id, status, at]);
    } else {
      await this.em.query('UPDATE vehicles SET status = $2, queue = $3, updated_at = $4 WHERE id = $1', [
        id,
        status,
        queue ? JSON.stringify(queue) : null,
        at,
      ]);
    }
  }

  async setStatus(id: string, status: string, at: Date, decisionReason?: string | null): Promise<void> {
    if (decisionReason === undefined) {
      await this.em.query('UPDATE declarations SET status = $2, updated_at = $3 WHERE id = $1', [id, status, at]);
    } else {
      await this.em.query('UPDATE declarations SET status = $2, updated_at = $3, decision_reason = $4 WHERE id = $1', [
        id,
        status,
        at,
        decisionReason,
      ]);
    }
  }

  async audit(entries: AuditEntry[]): Promise<void> {
    for (const a of entries) {
      await this.em.query(
        `INSERT INTO audit_log (declaration_id, vehicle_id, action, from_status, to_status, actor_id, actor_role, console, reason, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          a.declarationId,
          a.vehicleId ?? null,
          a.action,
          a.fromStatus ?? null,
          a.toStatus ?? null,
          a.actorId,
          a.actorRole,
          a.console ?? null,
          a.reason ?? null,
          a.at,
        ],
      );
    }
  }

  event<T extends EventType>(type: T, aggregateId: string, payload: EventMap[T], at: Date): Promise<string> {
    return writeEvent(this.em, type, aggregateId, payload, at);
  }

  async insertCorrectionRequest(r: {
    id: string;
    declarationId: string;
    message: string;
    fields: string[];
    by: string;
    at: Date;
  }): Promise<void> {
    await this.em.query(
      `INSERT INTO correction_requests (id, declaration_id, message, fields, status, requested_by, requested_at) VALUES ($1, $2, $3, $4, 'OPEN', $5, $6)`,
      [r.id, r.declarationId, r.message, r.fields, r.by, r.at],
    );
  }

  async findCorrectionRequest(declarationId: string, id: string): Promise<CorrectionRequestRecord | null> {
    const rows = await this.em.query(
      'SELECT * FROM correction_requests WHERE declaration_id = $1 AND id = $2 FOR UPDATE',
      [declarationId, id],
    );
    return rows[0] ? toCorrection(rows[0]) : null;
  }

  async answerCorrectionRequest(id: string, version: number, at: Date): Promise<void> {
    await this.em.query(
      `UPDATE correction_requests SET status = 'ANSWERED', answered_version = $2, answered_at = $3 WHERE id = $1`,
      [id, version, at],
    );
  }

  async approveCorrectionRequest(id: string, by: string, at: Date): Promise<void> {
    await this.em.query(
      `UPDATE correction_requests SET status = 'APPROVED', approved_by = $2, approved_at = $3 WHERE id = $1`,
      [id, by, at],
    );
  }

  /**
   * Records the response under the firm's idempotency key, as the transaction's last write. A concurrent
   * request with the same key waits here on the primary key until the first commits, and then finds the
   * key taken: it returns false, and its transaction must roll back and answer with the stored response.
   */
  async storeIdempotentResponse(
    firmId: string,
    key: string,
    requestHash: string,
    status: number,
    body: unknown,
    at: Date,
  ): Promise<boolean> {
    const inserted: unknown[] = await this.em.query(
      `INSERT INTO idempotency_keys (firm_id, key, request_hash, response_status, response_body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING key`,
      [firmId, key, requestHash, status, JSON.stringify(body), at],
    );
    return inserted.length > 0;
  }
}

async function loadDeclaration(em: EntityManager, id: string): Promise<DeclarationRecord | null> {
  const rows: DeclarationRow[] = await em.query(`${SELECT_DECLARATION} WHERE d.id = $1`, [id]);
  if (!rows[0]) return null;
  const vehicles: VehicleRow[] = await em.query(
    'SELECT id, declaration_id, plate_key, status, queue FROM vehicles WHERE declaration_id = $1 AND NOT removed ORDER BY ordinal',
    [id],
  );
  return toDeclaration(rows[0], vehicles.map(toVehicle));
}

function toDeclaration(r: DeclarationRow, vehicles: VehicleRecord[]): DeclarationRecord {
  return {
    id: r.id,
    number: r.number,
    firmId: r.firm_id,
    firmName: r.firm_name,
    firmTaxCode: r.firm_tax_code,
    gate: r.gate,
    direction: r.direction,
    status: r.status,
    currentVersion: r.current_version,
    decisionReason: r.decision_reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    content: r.content,
    vehicles,
  };
}

function toCorrection(r: Record<string, unknown>): CorrectionRequestRecord {
  return {
    id: r.id as string,
    message: r.message as string,
    fields: r.fields as string[],
    status: r.status as CorrectionRequestRecord['status'],
    requestedBy: r.requested_by as string,
    requestedAt: r.requested_at as Date,
    answeredVersion: (r.answered_version as number | null) ?? null,
    answeredAt: (r.answered_at as Date | null) ?? null,
    approvedAt: (r.approved_at as Date | null) ?? null,
  };
}

function scopeSql(scope: Scope, params: unknown[]): string {
  const parts: string[] = [];
  if (scope.firmId) {
    params.push(scope.firmId);
    parts.push(`d.firm_id = $${params.length}`);
  }
  if (scope.gates) {
    params.push(scope.gates);
    parts.push(`d.gate = ANY($${params.length})`);
  }
  return parts.length ? parts.join(' AND ') : 'true';
}

@Injectable()
export class DeclarationRepository {
  constructor(@InjectDataSource(DECLARATION_DB) private readonly ds: DataSource) {}

  transaction<T>(work: (tx: DeclarationTx) => Promise<T>): Promise<T> {
    return inTransaction(this.ds, (em) => work(new DeclarationTx(em)));
  }

  /** A declaration the caller may see, or null (unknown and not-yours look the same). */
  async findVisible(id: string, scope: Scope): Promise<DeclarationRecord | null> {
    // One snapshot for the declaration and its vehicles, so a queue update landing between the reads cannot mix.
    const d = await this.ds.transaction('REPEATABLE READ', (em) => loadDeclaration(em, id));
    if (!d) return null;
    if (scope.firmId && d.firmId !== scope.firmId) return null;
    if (scope.gates && !scope.gates.includes(d.gate)) return null;
    return d;
  }

  async list(filter: ListFilter, scope: Scope): Promise<{ items: DeclarationRecord[]; total: number }> {
    const params: unknown[] = [];
    const where = [scopeSql(scope, params)];
    if (filter.status) {
      params.push(filter.status);
      where.push(`d.status = $${params.length}`);
    }
    if (filter.gate) {
      params.push(filter.gate);
      where.push(`d.gate = $${params.length}`);
    }
    if (filter.direction) {
      params.push(filter.direction);
      where.push(`d.direction = $${params.length}`);
    }
    if (filter.plateKey) {
      params.push(filter.plateKey);
      where.push(
        `EXISTS (SELECT 1 FROM vehicles x WHERE x.declaration_id = d.id AND NOT x.removed AND (x.plate_key = $${params.length} OR x.trailer_plate_key = $${params.length}))`,
      );
    }
    const whereSql = where.join(' AND ');
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM declarations d WHERE ${whereSql}`,
      params,
    );
    const rows: DeclarationRow[] = await this.ds.query(
      `${SELECT_DECLARATION} WHERE ${whereSql} ORDER BY d.created_at DESC, d.id LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize}`,
      params,
    );
    if (rows.length === 0) return { items: [], total };
    const vehicles: VehicleRow[] = await this.ds.query(
      'SELECT id, declaration_id, plate_key, status, queue FROM vehicles WHERE declaration_id = ANY($1) AND NOT removed ORDER BY ordinal',
      [rows.map((r) => r.id)],
    );
    return {
      items: rows.map((r) => toDeclaration(r, vehicles.filter((v) => v.declaration_id === r.id).map(toVehicle))),
      total,
    };
  }

  /** Vehicles whose tractor or trailer plate has this normalised key, within the caller's scope. */
  async findVehiclesByPlate(plateKey: string, scope: Scope): Promise<DeclarationRecord[]> {
    const params: unknown[] = [plateKey];
    const rows: { id: string }[] = await this.ds.query(
      `SELECT DISTINCT d.id, d.created_at FROM vehicles v JOIN declarations d ON d.id = v.declaration_id
       WHERE NOT v.removed AND (v.plate_key = $1 OR v.trailer_plate_key = $1) AND ${scopeSql(scope, params)}
       ORDER BY d.created_at DESC LIMIT 50`,
      params,
    );
    const out: DeclarationRecord[] = [];
    for (const r of rows) {
      const d = await loadDeclaration(this.ds.manager, r.id);
      if (d) out.push(d);
    }
    return out;
  }

  async versions(
    declarationId: string,
  ): Promise<
    { version: number; note: string | null; createdBy: string; createdAt: Date; content: DeclarationContent }[]
  > {
    const rows = await this.ds.query(
      'SELECT version, note, created_by, created_at, content FROM declaration_versions WHERE declaration_id = $1 ORDER BY version',
      [declarationId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      version: r.version,
      note: r.note,
      createdBy: r.created_by,
      createdAt: r.created_at,
      content: r.content,
    }));
  }

  async correctionRequests(declarationId: string): Promise<CorrectionRequestRecord[]> {
    const rows = await this.ds.query(
      'SELECT * FROM correction_requests WHERE declaration_id = $1 ORDER BY requested_at',
      [declarationId],
    );
    return rows.map(toCorrection);
  }

  async auditLog(declarationId: string): Promise<AuditEntry[]> {
    const rows = await this.ds.query('SELECT * FROM audit_log WHERE declaration_id = $1 ORDER BY id', [declarationId]);
    return rows.map((r: Record<string, unknown>) => ({
      declarationId: r.declaration_id,
      vehicleId: r.vehicle_id,
      action: r.action,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      actorId: r.actor_id,
      actorRole: r.actor_role,
      console: r.console,
      reason: r.reason,
      at: r.at,
    }));
  }

  async storedResponse(
    firmId: string,
    key: string,
  ): Promise<{ requestHash: string; status: number; body: unknown } | null> {
    const rows: { request_hash: string; response_status: number; response_body: unknown }[] = await this.ds.query(
      'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE firm_id = $1 AND key = $2',
      [firmId, key],
    );
    return rows[0]
      ? { requestHash: rows[0].request_hash, status: rows[0].response_status, body: rows[0].response_body }
      : null;
  }

  async purgeIdempotencyKeys(olderThan: Date): Promise<number> {
    const res = returnedRows(
      await this.ds.query('DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING key', [olderThan]),
    );
    return res.length;
  }

  async firmName(firmId: string, em: EntityManager = this.ds.manager): Promise<string> {
    const rows: { name: string }[] = await em.query('SELECT name FROM firms WHERE id = $1', [firmId]);
    return rows[0]?.name ?? '';
  }
}
