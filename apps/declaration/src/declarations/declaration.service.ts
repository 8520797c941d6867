import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type AuthUser, canActAtGate, signSlipCode } from '#libs/auth/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import {
  applyAction,
  describeState,
  isOfficer,
  isPermitted,
  isPreQueueState,
  isTerminalState,
  normalisePlateKey,
  type Permission,
  type VehicleAction,
  type VehicleState,
} from '#libs/domain/src/index.js';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '#libs/database/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import type { ManagedOutboxRelay } from '#libs/events/src/index.js';
import { DECLARATION_RELAY } from '../events/declaration-events.js';
import { GateDirectory } from '../gates/gate-directory.js';
import { normaliseContent, vehicleSnapshots } from './declaration-content.js';
import { type DeclarationTx, DeclarationRepository, scopeOf } from './declaration.repository.js';
import type { Actor, DeclarationRecord } from './declaration.types.js';
import { statusOf, toDeclarationView } from './declaration.view.js';
import type {
  AuditEntryView,
  DeclarationPage,
  DeclarationVersionView,
  DeclarationView,
  VehicleSearchResult,
} from './dto/declaration-view.dto.js';
import type {
  AmendDeclarationDto,
  CorrectionRequestDto,
  CreateDeclarationDto,
  ListDeclarationsQuery,
} from './dto/declaration-input.dto.js';

/** Rolls back a create whose Idempotency-Key another request already used, so it can answer as that one did. */
class IdempotencyKeyTaken extends Error {
  constructor() {
    super('Idempotency-Key already used');
    this.name = 'IdempotencyKeyTaken';
  }
}

export interface Created {
  status: number;
  body: DeclarationView;
}

/** Stable JSON (sorted keys), so the same body always hashes the same for idempotency. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

@Injectable()
export class DeclarationService {
  constructor(
    private readonly repo: DeclarationRepository,
    private readonly gates: GateDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(DECLARATION_RELAY) private readonly relay: ManagedOutboxRelay,
  ) {}

  private readonly slip = (vehicleId: string) => signSlipCode(vehicleId, this.config.jwt.secret);

  async create(
    user: AuthUser,
    dto: CreateDeclarationDto,
    idempotencyKey: string | undefined,
    actor: Actor,
  ): Promise<Created> {
    const firmId = user.firmId!;
    const now = this.clock.now();
    const known = await this.gates.exists(dto.gate);
    const { content, errors } = normaliseContent(dto, now, null);
    if (!known) errors.unshift({ field: 'gate', message: `Cửa khẩu ${dto.gate} không tồn tại` });
    if (errors.length)
      throw new AppError('VALIDATION_FAILED', `Dữ liệu không hợp lệ: ${errors.map((e) => e.field).join(', ')}`, errors);
    const requestHash = createHash('sha256').update(canonical(dto)).digest('hex');

    try {
      return await this.repo.transaction(async (tx) => {
        const cap = this.config.maxActiveDeclarationsPerFirm;
        if ((await tx.lockFirmAndCountActive(firmId)) >= cap) {
          throw new AppError(
            'CONFLICT',
            `Doanh nghiệp đã có ${cap} tờ khai đang mở (nháp, đã nộp, đã chấp nhận hoặc đang chờ): hãy hoàn tất hoặc hủy bớt trước khi tạo mới`,
          );
        }
        const id = randomUUID();
        const inserted = await tx.insertDeclaration({
          id,
          firmId,
          gate: dto.gate,
          direction: dto.direction,
          status: 'DRAFT',
          expectedArrival: content.expectedArrival,
          createdBy: user.id,
          at: now,
        });
        await tx.insertVersion(id, 1, content, user.id, now, null);
        await tx.insertVehicles(
          content.vehicles.map((v, ordinal) => ({
            id: v.id,
            declarationId: id,
            ordinal,
            plateKey: v.plateKey,
            plate: v.plate,
            trailerPlateKey: v.trailerPlateKey,
            status: 'DRAFT',
            at: now,
          })),
        );
        await tx.audit([
          {
            declarationId: id,
            action: 'create',
            toStatus: 'DRAFT',
            actorId: actor.id,
            actorRole: actor.role,
            console: actor.console,
            at: now,
          },
        ]);
        await tx.event('declaration.created', id, { declarationId: id, firmId, gate: dto.gate, status: 'DRAFT' }, now);
        const body = toDeclarationView({
          id,
          number: inserted.number,
          firmId,
          firmName: inserted.firmName,
          firmTaxCode: inserted.firmTaxCode,
          gate: dto.gate,
          direction: dto.direction,
          status: 'DRAFT',
          currentVersion: 1,
          decisionReason: null,
          createdBy: user.id,
          createdAt: now,
          updatedAt: now,
          content,
          vehicles: content.vehicles.map((v) => ({
            id: v.id,
            declarationId: id,
            plateKey: v.plateKey,
            status: 'DRAFT' as const,
            queue: null,
          })),
        });
        if (idempotencyKey && !(await tx.storeIdempotentResponse(firmId, idempotencyKey, requestHash, 201, body, now)))
          throw new IdempotencyKeyTaken();
        return { status: 201, body };
      });
    } catch (e) {
      if (!(e instanceof IdempotencyKeyTaken)) throw e;
    }
    // The key was already used: nothing of this request was kept; answer as the first request was answered.
    const stored = (await this.repo.storedResponse(firmId, idempotencyKey!))!;
    if (stored.requestHash !== requestHash)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key này đã được dùng cho một yêu cầu khác');
    return { status: stored.status, body: stored.body as DeclarationView };
  }

  async get(user: AuthUser, id: string): Promise<DeclarationView> {
    const d = await this.visible(user, id);
    return toDeclarationView(d, await this.repo.correctionRequests(id), this.slip);
  }

  async list(user: AuthUser, q: ListDeclarationsQuery): Promise<DeclarationPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    let plateKey: string | undefined;
    if (q.plate) {
      const key = normalisePlateKey(q.plate);
      if (!key) throw AppError.invalid('plate', 'Biển số không hợp lệ');
      plateKey = key;
    }
    const { items, total } = await this.repo.list(
      { status: q.status, gate: q.gate, direction: q.direction, plateKey, page, pageSize },
      scopeOf(user),
    );
    return { items: items.map((d) => toDeclarationView(d, undefined, this.slip)), total, page, pageSize };
  }

  async amend(user: AuthUser, id: string, dto: AmendDeclarationDto, actor: Actor): Promise<DeclarationView> {
    const now = this.clock.now();
    return this.change(user, id, 'declaration.amend', async (tx, d) => {
      for (const v of d.vehicles) this.refuseUnless(applyAction(v.status, 'amend'), v.status, 'sửa tờ khai');
      const { content, errors } = normaliseContent(dto, now, new Set(d.vehicles.map((v) => v.id)));
      if (errors.length)
        throw new AppError(
          'VALIDATION_FAILED',
          `Dữ liệu không hợp lệ: ${errors.map((e) => e.field).join(', ')}`,
          errors,
        );
      let correction = null;
      if (dto.correctionRequestId) {
        correction = await tx.findCorrectionRequest(id, dto.correctionRequestId);
        if (!correction) throw AppError.invalid('correctionRequestId', 'Yêu cầu sửa đổi không thuộc tờ khai này');
        if (correction.status !== 'OPEN') throw new AppError('CONFLICT', 'Yêu cầu sửa đổi này đã được trả lời');
      }
      const version = d.currentVersion + 1;
      await tx.insertVersion(id, version, content, user.id, now, dto.note ?? null);
      await tx.setCurrentVersion(id, version, content.expectedArrival, now);
      // New vehicles join at the declaration's stage; vehicles left out of the new version are removed.
      const stage = d.vehicles[0]?.status ?? 'DRAFT';
      const kept = new Set(content.vehicles.map((v) => v.id));
      for (const v of d.vehicles) if (!kept.has(v.id)) await tx.removeVehicle(v.id, now);
      const existing = new Set(d.vehicles.map((v) => v.id));
      for (const [ordinal, v] of content.vehicles.entries()) {
        const identity = {
          id: v.id,
          ordinal,
          plateKey: v.plateKey,
          plate: v.plate,
          trailerPlateKey: v.trailerPlateKey,
          at: now,
        };
        if (existing.has(v.id)) await tx.updateVehicleIdentity(identity);
        else await tx.insertVehicles([{ ...identity, declarationId: id, status: stage }]);
      }
      if (correction) await tx.answerCorrectionRequest(correction.id, version, now);
      await tx.audit([
        {
          declarationId: id,
          action: correction ? 'amend-correction' : 'amend',
          reason: dto.note ?? null,
          actorId: actor.id,
          actorRole: actor.role,
          console: actor.console,
          at: now,
        },
      ]);
      const after = (await tx.lock(id))!;
      await tx.event(
        'declaration.amended',
        id,
        { declarationId: id, firmId: d.firmId, gate: d.gate, version, vehicles: vehicleSnapshots(after) },
        now,
      );
      if (correction)
        await tx.event(
          'declaration.correction_answered',
          id,
          { declarationId: id, firmId: d.firmId, gate: d.gate, requestId: correction.id },
          now,
        );
      return after;
    });
  }

  submit(user: AuthUser, id: string, actor: Actor): Promise<DeclarationView> {
    return this.change(user, id, 'declaration.submit', async (tx, d) => {
      const now = this.clock.now();
      await this.transitionAll(tx, d, 'submit', actor, now);
      await tx.event('declaration.submitted', id, { declarationId: id, firmId: d.firmId, gate: d.gate }, now);
      const gate = await tx.gate(d.gate);
      let after = (await tx.lock(id))!;
      if (gate?.autoAccept) {
        await this.transitionAll(
          tx,
          after,
          'accept',
          { id: null, role: 'SYSTEM', console: 'auto-accept' },
          now,
          'Tự động chấp nhận theo cấu hình cửa khẩu',
        );
        after = (await tx.lock(id))!;
        await tx.event(
          'declaration.accepted',
          id,
          { declarationId: id, firmId: d.firmId, gate: d.gate, automatic: true, vehicles: vehicleSnapshots(after) },
          now,
        );
      }
      return after;
    });
  }

  accept(user: AuthUser, id: string, actor: Actor): Promise<DeclarationView> {
    return this.change(user, id, 'declaration.accept', async (tx, d) => {
      const now = this.clock.now();
      await this.transitionAll(tx, d, 'accept', actor, now);
      const after = (await tx.lock(id))!;
      await tx.event(
        'declaration.accepted',
        id,
        { declarationId: id, firmId: d.firmId, gate: d.gate, automatic: false, vehicles: vehicleSnapshots(after) },
        now,
      );
      return after;
    });
  }

  reject(user: AuthUser, id: string, reason: string, actor: Actor): Promise<DeclarationView> {
    return this.change(user, id, 'declaration.reject', async (tx, d) => {
      const now = this.clock.now();
      await this.transitionAll(tx, d, 'reject', actor, now, reason);
      await tx.event('declaration.rejected', id, { declarationId: id, firmId: d.firmId, gate: d.gate, reason }, now);
      return (await tx.lock(id))!;
    });
  }

  cancel(user: AuthUser, id: string, reason: string | undefined, actor: Actor): Promise<DeclarationView> {
    return this.change(user, id, 'declaration.cancel', async (tx, d) => {
      const now = this.clock.now();
      const live = d.vehicles.filter((v) => !isTerminalState(v.status));
      const queued = live.find((v) => !isPreQueueState(v.status));
      if (queued) {
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `Không thể hủy tờ khai: xe ${d.content.vehicles.find((c) => c.id === queued.id)?.plate} đang ở trạng thái ${queued.status} (${describeState(queued.status)})`,
        );
      }
      await this.transitionAll(tx, d, 'cancel', actor, now, reason);
      await tx.event(
        'declaration.cancelled',
        id,
        { declarationId: id, firmId: d.firmId, gate: d.gate, vehicleIds: live.map((v) => v.id) },
        now,
      );
      return (await tx.lock(id))!;
    });
  }

  requestCorrection(user: AuthUser, id: string, dto: CorrectionRequestDto, actor: Actor): Promise<DeclarationView> {
    return this.change(user, id, 'declaration.request-correction', async (tx, d) => {
      const now = this.clock.now();
      const status = d.vehicles[0]?.status;
      if (!d.vehicles.every((v) => v.status === 'SUBMITTED' || v.status === 'ACCEPTED')) {
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `Chỉ yêu cầu sửa tờ khai đã nộp hoặc đã chấp nhận; trạng thái hiện tại: ${d.status}${status ? ` (${describeState(status)})` : ''}`,
        );
      }
      const requestId = randomUUID();
      await tx.insertCorrectionRequest({
        id: requestId,
        declarationId: id,
        message: dto.message,
        fields: dto.fields ?? [],
        by: user.id,
        at: now,
      });
      await tx.audit([
        {
          declarationId: id,
          action: 'request-correction',
          reason: dto.message,
          actorId: actor.id,
          actorRole: actor.role,
          console: actor.console,
          at: now,
        },
      ]);
      await tx.event(
        'declaration.correction_requested',
        id,
        { declarationId: id, firmId: d.firmId, gate: d.gate, requestId, message: dto.message },
        now,
      );
      return d;
    });
  }

  approveCorrection(user: AuthUser, id: string, requestId: string, actor: Actor): Promise<DeclarationView> {
    return this.change(user, id, 'declaration.approve-correction', async (tx, d) => {
      const now = this.clock.now();
      const r = await tx.findCorrectionRequest(id, requestId);
      if (!r) throw AppError.notFound('yêu cầu sửa đổi');
      if (r.status !== 'ANSWERED')
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `Yêu cầu sửa đổi đang ở trạng thái ${r.status}: chỉ duyệt được khi doanh nghiệp đã sửa (ANSWERED)`,
        );
      await tx.approveCorrectionRequest(requestId, user.id, now);
      await tx.audit([
        {
          declarationId: id,
          action: 'approve-correction',
          actorId: actor.id,
          actorRole: actor.role,
          console: actor.console,
          at: now,
        },
      ]);
      await tx.event(
        'declaration.correction_approved',
        id,
        { declarationId: id, firmId: d.firmId, gate: d.gate, requestId },
        now,
      );
      return d;
    });
  }

  async versions(user: AuthUser, id: string): Promise<DeclarationVersionView[]> {
    await this.visible(user, id);
    return this.repo.versions(id);
  }

  async auditLog(user: AuthUser, id: string): Promise<AuditEntryView[]> {
    await this.visible(user, id);
    return this.repo.auditLog(id);
  }

  async vehiclesByPlate(user: AuthUser, plate: string): Promise<VehicleSearchResult[]> {
    const key = normalisePlateKey(plate);
    if (!key) throw AppError.invalid('plate', `Biển số không hợp lệ: "${plate}"`);
    const declarations = await this.repo.findByPlate(key, scopeOf(user));
    return declarations.flatMap((d) =>
      toDeclarationView(d)
        .vehicles.filter(
          (v) => v.plateKey === key || (v.trailerPlate !== null && normalisePlateKey(v.trailerPlate) === key),
        )
        .map((v) => ({
          ...v,
          declarationId: d.id,
          declarationNumber: d.number,
          declarationStatus: d.status,
          gate: d.gate,
          direction: d.direction,
          firm: { id: d.firmId, name: d.firmName },
        })),
    );
  }

  /** A declaration the caller may see: firms their own, officers their gates' (404 otherwise). */
  private async visible(user: AuthUser, id: string): Promise<DeclarationRecord> {
    const d = await this.repo.findVisible(id, scopeOf(user));
    if (!d) throw AppError.notFound('tờ khai');
    return d;
  }

  /**
   * Runs one change on a locked declaration after the per-object check: a firm acts on its own
   * declarations (404 otherwise); officers act only at their gates (403 otherwise).
   */
  private async change(
    user: AuthUser,
    id: string,
    permission: Permission,
    work: (tx: DeclarationTx, d: DeclarationRecord) => Promise<DeclarationRecord>,
  ): Promise<DeclarationView> {
    try {
      const d = await this.repo.transaction(async (tx) => {
        const current = await tx.lock(id);
        if (!current) throw AppError.notFound('tờ khai');
        if (user.role === 'FIRM' && current.firmId !== user.firmId) throw AppError.notFound('tờ khai');
        if (!isPermitted(user.role, permission)) throw AppError.forbidden();
        if (isOfficer(user.role) && !canActAtGate(user, current.gate))
          throw AppError.forbidden(`Bạn không được phân công tại cửa khẩu ${current.gate}`);
        return work(tx, current);
      });
      // Committed: the relay delivers its events now rather than at its next poll.
      this.relay.poke();
      return toDeclarationView(d, await this.repo.correctionRequests(id), this.slip);
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
        throw new AppError(
          'CONFLICT',
          'Một phương tiện trong tờ khai đang có tờ khai khác còn hiệu lực (đã nộp, đã chấp nhận hoặc đang trong hàng chờ)',
        );
      }
      throw e;
    }
  }

  /** Applies one lifecycle action to every live vehicle, refusing the whole change if any vehicle may not move. */
  private async transitionAll(
    tx: DeclarationTx,
    d: DeclarationRecord,
    action: VehicleAction,
    actor: Actor,
    now: Date,
    reason?: string,
  ): Promise<void> {
    const live = d.vehicles.filter((v) => !isTerminalState(v.status));
    if (live.length === 0)
      throw new AppError(
        'ILLEGAL_TRANSITION',
        `Tờ khai đang ở trạng thái ${d.status}: không còn phương tiện nào để xử lý`,
      );
    const moves = live.map((v) => {
      const r = applyAction(v.status, action);
      this.refuseUnless(r, v.status, action);
      return { id: v.id, from: v.status, to: (r as { state: VehicleState }).state };
    });
    for (const m of moves) await tx.setVehicleStatus(m.id, m.to, now);
    const states = d.vehicles.map((v) => moves.find((m) => m.id === v.id)?.to ?? v.status);
    const status = statusOf(states);
    await tx.setStatus(d.id, status, now, action === 'reject' ? (reason ?? null) : undefined);
    await tx.audit([
      {
        declarationId: d.id,
        action,
        fromStatus: d.status,
        toStatus: status,
        actorId: actor.id,
        actorRole: actor.role,
        console: actor.console,
        reason: reason ?? null,
        at: now,
      },
      ...moves.map((m) => ({
        declarationId: d.id,
        vehicleId: m.id,
        action,
        fromStatus: m.from,
        toStatus: m.to,
        actorId: actor.id,
        actorRole: actor.role,
        console: actor.console,
        reason: reason ?? null,
        at: now,
      })),
    ]);
  }

  private refuseUnless(r: ReturnType<typeof applyAction>, state: VehicleState, what: string): void {
    if (!r.ok)
      throw new AppError('ILLEGAL_TRANSITION', r.message ?? `Không thể ${what} khi đang ở trạng thái ${state}`);
  }
}
