import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, LessThan, type SelectQueryBuilder } from 'typeorm';
import type { Actor, AuthUser } from '#libs/auth/src/index.js';
import {
  inTransaction,
  PG_UNIQUE_VIOLATION,
  pgErrorCode,
  type PreparedStatement,
  returnedRows,
  runPrepared,
} from '#libs/database/src/index.js';
import {
  type DeclarationStatus,
  type Direction,
  type OpenPlateHolder,
  TERMINAL_STATES,
  type VehicleState,
  type WaitingYard,
} from '#libs/domain/src/index.js';
import {
  type AnyEventEnvelope,
  consumeBatchOnce,
  type EventMap,
  type EventType,
  inEventContext,
  type OutboxRow,
  type VehicleHandoffDecision,
  type VehicleStatusRecord,
  writeEvent,
} from '#libs/events/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.repository.js';
import { FleetBookEntries } from '../vehicles/fleet-book.repository.js';
import { Gate } from '../gates/entities/gate.entity.js';
import { type KnownGate, knownGate } from '../gates/gate.repository.js';
import type {
  AuditEntry,
  CorrectionRequestRecord,
  DeclarationContent,
  DeclarationRecord,
  HandoffStatus,
  QueueInfo,
  VehicleRecord,
} from './declaration.types.js';
import { AuditLogEntry } from './entities/audit-log-entry.entity.js';
import { CorrectionRequest } from './entities/correction-request.entity.js';
import { DeclarationVersion } from './entities/declaration-version.entity.js';
import { Declaration } from './entities/declaration.entity.js';
import { IdempotencyKey } from './entities/idempotency-key.entity.js';
import { Vehicle } from './entities/vehicle.entity.js';
import { YardHandoff } from './entities/yard-handoff.entity.js';

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
  number?: string;
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

export interface VersionRecord {
  version: number;
  note: string | null;
  createdBy: string;
  createdAt: Date;
  content: DeclarationContent;
}

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
}

interface DeclarationIdRow {
  declaration_id: string;
}

/** A declaration to file, whole: everything `create_declaration` writes in its one statement. */
export interface NewDeclaration {
  id: string;
  firmId: string;
  gate: string;
  /** The gate's waiting yards the content was checked against: filed only while the gate still has exactly these. */
  gateYards: WaitingYard[];
  direction: Direction;
  status: DeclarationStatus;
  content: DeclarationContent;
  createdBy: string;
  at: Date;
  actor: Actor;
  event: OutboxRow;
  /** The firm's cap on open declarations: refused (`cap-reached`) when it already has that many. */
  cap: number;
  /** Kept under the firm's Idempotency-Key; the function adds the number and the firm, known only once filed. */
  idempotent: { key: string; requestHash: string; status: number; body: object } | null;
}

/** What became of a filing: filed, or why not, with nothing written in that case. */
export type Filing =
  | { outcome: 'created'; number: string; firmName: string; firmTaxCode: string }
  | { outcome: 'replayed'; stored: StoredResponse }
  | { outcome: 'plate-held'; holders: OpenPlateHolder[] }
  | { outcome: 'cap-reached' }
  | { outcome: 'gate-changed' };

interface FilingRow {
  outcome: Exclude<Filing['outcome'], 'gate-changed'>;
  filed_number: string | null;
  firm_name: string | null;
  firm_tax_code: string | null;
  detail: unknown;
}

/**
 * The migration `DeclarationOneStatementCreate1732300300000` says what `create_declaration` does and in which
 * order. It runs once for the gate's row, and only while that row still has the waiting yards ($26) the content
 * was checked against (the service may have them from memory): no row, no filing (`gate-changed`). The function
 * takes the gate's code from the row, so it is called per row and never before the row is found.
 */
const CREATE_DECLARATION: PreparedStatement = {
  name: 'create_declaration_at_gate',
  text: `SELECT c.outcome, c.filed_number, c.firm_name, c.firm_tax_code, c.detail
           FROM gates g
          CROSS JOIN LATERAL create_declaration(
           $1, $2, g.code, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
           $21, $22, $23, $24, $25) c
          WHERE g.code = $3 AND g.yards = $26::jsonb`,
};

/** What the API shows of a vehicle's row; the rest of the vehicle is in the declaration's content. */
const VEHICLE_COLUMNS = { id: true, declarationId: true, plateKey: true, status: true, queue: true } as const;

const toVehicle = (v: Pick<Vehicle, keyof typeof VEHICLE_COLUMNS>): VehicleRecord => ({
  id: v.id,
  declarationId: v.declarationId,
  plateKey: v.plateKey,
  status: v.status,
  queue: v.queue,
});

const toCorrection = (r: CorrectionRequest): CorrectionRequestRecord => ({
  id: r.id,
  message: r.message,
  fields: r.fields,
  status: r.status,
  requestedBy: r.requestedBy,
  requestedAt: r.requestedAt,
  answeredVersion: r.answeredVersion,
  answeredAt: r.answeredAt,
  approvedAt: r.approvedAt,
});

/** A declaration's current version, joined to the declaration and its firm (see `currentVersions`). */
function toDeclaration(v: DeclarationVersion, vehicles: VehicleRecord[]): DeclarationRecord {
  const d = v.declaration;
  const firm = d?.firm;
  if (!d || !firm) throw new Error(`declaration ${v.declarationId} was read without its firm`);
  return {
    id: d.id,
    number: d.number,
    firmId: d.firmId,
    firmName: firm.name,
    firmTaxCode: firm.taxCode,
    gate: d.gate,
    direction: d.direction,
    status: d.status,
    currentVersion: d.currentVersion,
    decisionReason: d.decisionReason,
    createdBy: d.createdBy,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    content: v.content,
    vehicles,
  };
}

/** Declarations (alias `d`) with their firm (`f`), read through the content of their current version (`v`). */
function currentVersions(em: EntityManager): SelectQueryBuilder<DeclarationVersion> {
  return em
    .getRepository(DeclarationVersion)
    .createQueryBuilder('v')
    .innerJoinAndSelect('v.declaration', 'd')
    .innerJoinAndSelect('d.firm', 'f')
    .where('v.version = d.currentVersion');
}

/** Narrows a query on declarations (alias `d`) to the caller's scope and the filter's criteria. */
function whereVisible<T extends object>(
  qb: SelectQueryBuilder<T>,
  scope: Scope,
  filter: Omit<ListFilter, 'page' | 'pageSize'>,
): SelectQueryBuilder<T> {
  if (scope.firmId) qb.andWhere('d.firmId = :scopeFirm', { scopeFirm: scope.firmId });
  if (scope.gates) qb.andWhere('d.gate = ANY(:scopeGates)', { scopeGates: scope.gates });
  if (filter.status) qb.andWhere('d.status = :status', { status: filter.status });
  if (filter.gate) qb.andWhere('d.gate = :gate', { gate: filter.gate });
  if (filter.direction) qb.andWhere('d.direction = :direction', { direction: filter.direction });
  if (filter.number) qb.andWhere('d.number = :number', { number: filter.number });
  if (filter.plateKey) {
    const vehicle = qb
      .subQuery()
      .select('1')
      .from(Vehicle, 'x')
      .where('x.declarationId = d.id')
      .andWhere('NOT x.removed')
      .andWhere('(x.plateKey = :plateKey OR x.trailerPlateKey = :plateKey)');
    qb.andWhere(`EXISTS ${vehicle.getQuery()}`, { plateKey: filter.plateKey });
  }
  return qb;
}

/** The vehicles still on the given declarations, in their order. */
async function vehiclesOf(em: EntityManager, declarationIds: string[]): Promise<VehicleRecord[]> {
  const rows = await em.getRepository(Vehicle).find({
    select: VEHICLE_COLUMNS,
    where: { declarationId: In(declarationIds), removed: false },
    order: { ordinal: 'ASC' },
  });
  return rows.map(toVehicle);
}

async function loadDeclaration(em: EntityManager, id: string): Promise<DeclarationRecord | null> {
  const current = await currentVersions(em).andWhere('d.id = :id', { id }).getOne();
  if (!current) return null;
  return toDeclaration(current, await vehiclesOf(em, [id]));
}

/** The declarations read by `currentVersions`, in that order, with their vehicles read in one statement. */
async function withVehicles(em: EntityManager, versions: DeclarationVersion[]): Promise<DeclarationRecord[]> {
  if (versions.length === 0) return [];
  const ids = versions.map((v) => v.declarationId);
  const byDeclaration = new Map<string, VehicleRecord[]>(ids.map((id) => [id, []]));
  for (const x of await vehiclesOf(em, ids)) byDeclaration.get(x.declarationId)?.push(x);
  return versions.map((v) => toDeclaration(v, byDeclaration.get(v.declarationId) ?? []));
}

/** The unit of work of one change to one declaration: every write of the change goes through it. */
export class DeclarationTx {
  constructor(private readonly em: EntityManager) {}

  /** Locks the declaration row for the rest of the transaction, so changes to one declaration are serial. */
  async lock(id: string): Promise<DeclarationRecord | null> {
    const locked = await this.em
      .getRepository(Declaration)
      .createQueryBuilder('d')
      .select('d.id')
      .where('d.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
    if (!locked) return null;
    return loadDeclaration(this.em, id);
  }

  async insertVersion(
    declarationId: string,
    version: number,
    content: DeclarationContent,
    by: string,
    at: Date,
    note: string | null,
  ): Promise<void> {
    await this.em.insert(DeclarationVersion, { declarationId, version, content, note, createdBy: by, createdAt: at });
  }

  async setCurrentVersion(declarationId: string, version: number, expectedArrival: string, at: Date): Promise<void> {
    await this.em.update(
      Declaration,
      { id: declarationId },
      { currentVersion: version, expectedArrival: new Date(expectedArrival), updatedAt: at },
    );
  }

  /** One statement for all the vehicles an amendment adds (`unnest`); a create writes its own in `create_declaration`. */
  async insertVehicles(vs: NewVehicle[]): Promise<void> {
    if (vs.length === 0) return;
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
    await this.em.update(
      Vehicle,
      { id: v.id },
      { ordinal: v.ordinal, plateKey: v.plateKey, plate: v.plate, trailerPlateKey: v.trailerPlateKey, updatedAt: v.at },
    );
  }

  async removeVehicle(id: string, at: Date): Promise<void> {
    await this.em.update(Vehicle, { id }, { removed: true, status: 'CANCELLED', updatedAt: at });
  }

  async setVehicleStatus(id: string, status: VehicleState, at: Date): Promise<void> {
    await this.em.update(Vehicle, { id }, { status, updatedAt: at });
  }

  /**
   * Records where the yard-queue service says a vehicle is; returns its declaration, or null for a vehicle
   * this service does not know or that has already reached a final state here (a cancel the yard agreed to
   * is final: an older yard event still in flight must not bring the vehicle back).
   */
  async setVehicleQueueState(
    id: string,
    status: VehicleState,
    queue: QueueInfo | null,
    at: Date,
  ): Promise<string | null> {
    const [row] = returnedRows<DeclarationIdRow>(
      await this.em.query(
        'UPDATE vehicles SET status = $2, queue = $3, updated_at = $4 WHERE id = $1 AND status <> ALL($5) RETURNING declaration_id',
        [id, status, queue ? JSON.stringify(queue) : null, at, TERMINAL_STATES],
      ),
    );
    return row?.declaration_id ?? null;
  }

  /** The change of this declaration still waiting for the yard's decision, if any. */
  pendingHandoff(declarationId: string): Promise<YardHandoff | null> {
    return this.em.findOne(YardHandoff, { where: { declarationId, status: 'PENDING' } });
  }

  async insertHandoff(h: Omit<YardHandoff, 'status' | 'decision' | 'decidedAt'>): Promise<void> {
    await this.em.insert(YardHandoff, { ...h, status: 'PENDING', decision: null, decidedAt: null });
  }

  /** A handoff still pending, locked until the transaction ends (null once another settled it). */
  lockPendingHandoff(id: string): Promise<YardHandoff | null> {
    return this.em.findOne(YardHandoff, { where: { id, status: 'PENDING' }, lock: { mode: 'pessimistic_write' } });
  }

  async closeHandoff(
    id: string,
    status: Exclude<HandoffStatus, 'PENDING'>,
    decision: VehicleHandoffDecision,
    at: Date,
  ) {
    await this.em.update(YardHandoff, { id }, { status, decision, decidedAt: at });
  }

  /** The states of the vehicles still on a declaration (its status is derived from them). */
  async vehicleStates(declarationId: string): Promise<VehicleState[]> {
    const rows = await this.em
      .getRepository(Vehicle)
      .find({ select: { status: true }, where: { declarationId, removed: false } });
    return rows.map((r) => r.status);
  }

  async setStatus(id: string, status: DeclarationStatus, at: Date, decisionReason?: string | null): Promise<void> {
    await this.em.update(
      Declaration,
      { id },
      decisionReason === undefined ? { status, updatedAt: at } : { status, updatedAt: at, decisionReason },
    );
  }

  /** All entries in one statement, numbered in the order given. */
  /** All of a change's audit lines in one statement (`unnest`), on the path of every write. */
  async audit(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.em.query(
      `INSERT INTO audit_log (declaration_id, vehicle_id, action, from_status, to_status, actor_id, actor_role, console, reason, at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])`,
      [
        entries.map((a) => a.declarationId),
        entries.map((a) => a.vehicleId ?? null),
        entries.map((a) => a.action),
        entries.map((a) => a.fromStatus ?? null),
        entries.map((a) => a.toStatus ?? null),
        entries.map((a) => a.actorId),
        entries.map((a) => a.actorRole),
        entries.map((a) => a.console ?? null),
        entries.map((a) => a.reason ?? null),
        entries.map((a) => a.at),
      ],
    );
  }

  /** The event for the other services, and the firm's webhook events it implies, in this transaction. */
  async event<T extends EventType>(type: T, aggregateId: string, payload: EventMap[T], at: Date): Promise<string> {
    const id = await writeEvent(this.em, type, aggregateId, payload, at);
    await this.webhooks().fromDeclarationEvent(type, payload, at);
    return id;
  }

  /** Firms' webhook events, written in this transaction. */
  webhooks(): WebhookOutbox {
    return new WebhookOutbox(this.em);
  }

  /** The firm's book of trucks and drivers, written in this transaction. */
  fleetBook(): FleetBookEntries {
    return new FleetBookEntries(this.em);
  }

  /** A gate as this transaction sees it. */
  async gate(code: string): Promise<KnownGate | null> {
    const g = await this.em.getRepository(Gate).findOneBy({ code });
    return g ? knownGate(g) : null;
  }

  /** Adds or updates a gate as the yard-queue service announced it; a list of yards left out stays as it is. */
  async saveGate(gate: Omit<KnownGate, 'yards'> & { yards?: KnownGate['yards'] }): Promise<void> {
    await this.em.getRepository(Gate).upsert(gate, ['code']);
  }

  async insertCorrectionRequest(r: {
    id: string;
    declarationId: string;
    message: string;
    fields: string[];
    by: string;
    at: Date;
  }): Promise<void> {
    await this.em.insert(CorrectionRequest, {
      id: r.id,
      declarationId: r.declarationId,
      message: r.message,
      fields: r.fields,
      status: 'OPEN',
      requestedBy: r.by,
      requestedAt: r.at,
    });
  }

  /** A correction request of this declaration, locked for the rest of the transaction. */
  async findCorrectionRequest(declarationId: string, id: string): Promise<CorrectionRequestRecord | null> {
    const r = await this.em
      .getRepository(CorrectionRequest)
      .createQueryBuilder('r')
      .where('r.declarationId = :declarationId AND r.id = :id', { declarationId, id })
      .setLock('pessimistic_write')
      .getOne();
    return r ? toCorrection(r) : null;
  }

  async answerCorrectionRequest(id: string, version: number, at: Date): Promise<void> {
    await this.em.update(CorrectionRequest, { id }, { status: 'ANSWERED', answeredVersion: version, answeredAt: at });
  }

  async approveCorrectionRequest(id: string, by: string, at: Date): Promise<void> {
    await this.em.update(CorrectionRequest, { id }, { status: 'APPROVED', approvedBy: by, approvedAt: at });
  }
}

@Injectable()
export class DeclarationRepository {
  constructor(@InjectDataSource(DECLARATION_DB) private readonly ds: DataSource) {}

  transaction<T>(work: (tx: DeclarationTx) => Promise<T>): Promise<T> {
    return inTransaction(this.ds, (em) => work(new DeclarationTx(em)));
  }

  /**
   * Files a declaration in one round trip and one statement (a prepared call of `create_declaration`), which
   * is its whole transaction: locks are held for that statement only. A concurrent filing that took the same
   * Idempotency-Key first undoes this one (the key's primary key): its stored response is the answer.
   */
  async create(d: NewDeclaration): Promise<Filing> {
    const vs = d.content.vehicles;
    let row: FilingRow | undefined;
    try {
      [row] = await runPrepared<FilingRow>(this.ds, CREATE_DECLARATION, [
        d.id,
        d.firmId,
        d.gate,
        d.direction,
        d.status,
        d.content.expectedArrival,
        d.createdBy,
        d.at,
        JSON.stringify(d.content),
        vs.map((v) => v.id),
        vs.map((v) => v.plateKey),
        vs.map((v) => v.plate),
        vs.map((v) => v.trailerPlateKey),
        d.actor.id,
        d.actor.role,
        d.actor.console,
        d.event.id,
        d.event.type,
        d.event.payload,
        d.event.requestId,
        d.cap,
        d.idempotent?.key ?? null,
        d.idempotent?.requestHash ?? null,
        d.idempotent?.status ?? null,
        d.idempotent ? JSON.stringify(d.idempotent.body) : null,
        JSON.stringify(d.gateYards),
      ]);
    } catch (e) {
      const key = d.idempotent?.key;
      if (
        !key ||
        pgErrorCode(e) !== PG_UNIQUE_VIOLATION ||
        (e as { constraint?: string }).constraint !== 'idempotency_keys_pkey'
      )
        throw e;
      return { outcome: 'replayed', stored: (await this.storedResponse(d.firmId, key))! };
    }
    if (!row) return { outcome: 'gate-changed' };
    switch (row.outcome) {
      case 'created':
        return {
          outcome: 'created',
          number: row.filed_number!,
          firmName: row.firm_name!,
          firmTaxCode: row.firm_tax_code!,
        };
      case 'replayed':
        return { outcome: 'replayed', stored: row.detail as StoredResponse };
      case 'plate-held':
        return { outcome: 'plate-held', holders: row.detail as OpenPlateHolder[] };
      case 'cap-reached':
        return { outcome: 'cap-reached' };
    }
  }

  /**
   * Applies a delivered batch of another service's events, each at most once and in order, in one transaction
   * with their ids recorded in the inbox: one commit per batch rather than per event, so the firms' view keeps up
   * with the yard at its peak. Returns how many events were new.
   */
  applyBatchOnce(
    events: AnyEventEnvelope[],
    work: (tx: DeclarationTx, event: AnyEventEnvelope) => Promise<void>,
  ): Promise<number> {
    return consumeBatchOnce(this.ds, events, async (em, fresh) => {
      for (const event of fresh) await inEventContext(event, () => work(new DeclarationTx(em), event));
    });
  }

  /** Handoffs still waiting for the yard's decision since before `createdBefore`, oldest first. */
  stalledHandoffs(createdBefore: Date, limit: number): Promise<YardHandoff[]> {
    return this.ds.getRepository(YardHandoff).find({
      where: { status: 'PENDING', createdAt: LessThan(createdBefore) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  /** A handoff by id, as it is now. */
  handoff(id: string): Promise<YardHandoff | null> {
    return this.ds.getRepository(YardHandoff).findOne({ where: { id } });
  }

  /** A vehicle's plate and state with its declaration's, for the public tracking page; null when unknown. */
  async vehicleStatus(vehicleId: string): Promise<VehicleStatusRecord | null> {
    const rows = await this.ds.query<VehicleStatusRecord[]>(
      `SELECT v.plate, d.gate, g.name AS "gateName", d.direction, v.status, d.status AS "declarationStatus"
         FROM vehicles v JOIN declarations d ON d.id = v.declaration_id JOIN gates g ON g.code = d.gate
        WHERE v.id = $1 AND NOT v.removed`,
      [vehicleId],
    );
    return rows[0] ?? null;
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
    const em = this.ds.manager;
    const total = await whereVisible(em.getRepository(Declaration).createQueryBuilder('d'), scope, filter).getCount();
    // limit/offset rather than take/skip: every join is to one row, so no second query is needed to page.
    const versions = await whereVisible(currentVersions(em), scope, filter)
      .orderBy('d.createdAt', 'DESC')
      .addOrderBy('d.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .getMany();
    return { items: await withVehicles(em, versions), total };
  }

  /** Declarations with a vehicle whose tractor or trailer plate has this normalised key, within the caller's scope. */
  async findByPlate(plateKey: string, scope: Scope): Promise<DeclarationRecord[]> {
    const em = this.ds.manager;
    const versions = await whereVisible(currentVersions(em), scope, { plateKey })
      .orderBy('d.createdAt', 'DESC')
      .addOrderBy('d.id')
      .limit(50)
      .getMany();
    return withVehicles(em, versions);
  }

  /** The latest declarations holding a vehicle with this plate key or id, newest first. */
  async withVehicle(by: { plateKey: string } | { vehicleId: string }): Promise<DeclarationRecord[]> {
    const rows = await this.ds.getRepository(Vehicle).find({
      select: { declarationId: true },
      where: { ...('plateKey' in by ? { plateKey: by.plateKey } : { id: by.vehicleId }), removed: false },
      order: { updatedAt: 'DESC' },
      take: 5,
    });
    const found: DeclarationRecord[] = [];
    for (const id of new Set(rows.map((r) => r.declarationId))) {
      const d = await this.ds.transaction('REPEATABLE READ', (em) => loadDeclaration(em, id));
      if (d) found.push(d);
    }
    return found;
  }

  async versions(declarationId: string): Promise<VersionRecord[]> {
    const rows = await this.ds.getRepository(DeclarationVersion).find({
      select: { version: true, note: true, createdBy: true, createdAt: true, content: true },
      where: { declarationId },
      order: { version: 'ASC' },
    });
    return rows.map((r) => ({
      version: r.version,
      note: r.note,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      content: r.content,
    }));
  }

  /** The open correction requests of these declarations (a list page shows which ones wait on the firm). */
  async openCorrectionRequests(declarationIds: string[]): Promise<Map<string, CorrectionRequestRecord[]>> {
    const byDeclaration = new Map<string, CorrectionRequestRecord[]>(declarationIds.map((id) => [id, []]));
    if (declarationIds.length === 0) return byDeclaration;
    const rows = await this.ds
      .getRepository(CorrectionRequest)
      .find({ where: { declarationId: In(declarationIds), status: 'OPEN' }, order: { requestedAt: 'ASC' } });
    for (const r of rows) byDeclaration.get(r.declarationId)?.push(toCorrection(r));
    return byDeclaration;
  }

  async correctionRequests(declarationId: string): Promise<CorrectionRequestRecord[]> {
    const rows = await this.ds
      .getRepository(CorrectionRequest)
      .find({ where: { declarationId }, order: { requestedAt: 'ASC' } });
    return rows.map(toCorrection);
  }

  async auditLog(declarationId: string): Promise<AuditEntry[]> {
    const rows = await this.ds.getRepository(AuditLogEntry).find({ where: { declarationId }, order: { id: 'ASC' } });
    return rows.map((r) => ({
      declarationId: r.declarationId,
      vehicleId: r.vehicleId,
      action: r.action,
      fromStatus: r.fromStatus,
      toStatus: r.toStatus,
      actorId: r.actorId,
      actorRole: r.actorRole,
      console: r.console,
      reason: r.reason,
      at: r.at,
    }));
  }

  async storedResponse(firmId: string, key: string): Promise<StoredResponse | null> {
    const row = await this.ds.getRepository(IdempotencyKey).findOneBy({ firmId, key });
    return row ? { requestHash: row.requestHash, status: row.responseStatus, body: row.responseBody } : null;
  }

  async purgeIdempotencyKeys(olderThan: Date): Promise<number> {
    const { affected } = await this.ds.getRepository(IdempotencyKey).delete({ createdAt: LessThan(olderThan) });
    return affected ?? 0;
  }
}
