import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AuthUser, canActAtGate, signSlipCode } from '#libs/auth/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import {
  applyAction,
  firmChangeRefusal,
  isOfficer,
  isPermitted,
  isPreQueueState,
  isTerminalState,
  normalisePlateKey,
  openPlateRefusal,
  type Permission,
  type VehicleAction,
  type VehicleState,
  type WaitingYard,
} from '#libs/domain/src/index.js';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '#libs/database/src/index.js';
import { AppError, refusedField, stateMessage } from '#libs/errors/src/index.js';
import {
  type ManagedOutboxRelay,
  outboxRow,
  type VehicleHandoffDecision,
  type VehicleDeclarations,
  type VehicleHandoffRequest,
} from '#libs/events/src/index.js';
import { DECLARATION_RELAY } from '../events/declaration-events.js';
import { type FeePricing, FeeTariffService } from '../fees/fee-tariff.service.js';
import { GateDirectory } from '../gates/gate-directory.js';
import { declarationFigures, normaliseContent, vehicleSnapshots } from './declaration-content.js';
import { type DeclarationTx, DeclarationRepository, scopeOf } from './declaration.repository.js';
import type { Actor, DeclarationRecord, PendingChange, PreparedAmendment } from './declaration.types.js';
import { statusOf, toDeclarationView } from './declaration.view.js';
import { YardHandoffClient } from './yard-handoff.client.js';
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

/**
 * From acceptance on, the yard-queue service owns a declaration's vehicles (it checks them in): a firm's
 * change to them goes through the yard's decision (README, "Who owns a vehicle's state").
 */
function yardOwns(d: DeclarationRecord): boolean {
  return d.vehicles.some((v) => v.status === 'ACCEPTED');
}

@Injectable()
export class DeclarationService {
  constructor(
    private readonly repo: DeclarationRepository,
    private readonly gates: GateDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(DECLARATION_RELAY) private readonly relay: ManagedOutboxRelay,
    private readonly yard: YardHandoffClient,
    private readonly fees: FeeTariffService,
  ) {}

  private readonly logger = new Logger('Declarations');

  private readonly slip = (vehicleId: string) => signSlipCode(vehicleId, this.config.jwt.secret);

  async create(
    user: AuthUser,
    dto: CreateDeclarationDto,
    idempotencyKey: string | undefined,
    actor: Actor,
  ): Promise<Created> {
    const requestHash = createHash('sha256').update(canonical(dto)).digest('hex');
    // The gate's yards come from memory when known; a refusal over them, or a write that finds the gate changed,
    // reads them again (`GateDirectory.yards`). Two fresh reads in a row that the write finds changed mean an
    // administrator is editing the gate at this very moment: the firm is told to try again.
    let gate = await this.gates.yards(dto.gate);
    for (let fresh = 0; ; fresh++) {
      const filed = await this.file(user, dto, idempotencyKey, requestHash, actor, gate.yards, !gate.remembered);
      if (filed) return filed;
      if (fresh === 2) throw new AppError('CONFLICT', 'gateChanging', { gate: dto.gate });
      gate = { yards: await this.gates.freshYards(dto.gate), remembered: false };
    }
  }

  /**
   * One filing with the gate's yards as given; null when they may be stale: refused over them while `final` is
   * false (they came from memory), or the gate no longer has exactly these yards when the write runs.
   */
  private async file(
    user: AuthUser,
    dto: CreateDeclarationDto,
    idempotencyKey: string | undefined,
    requestHash: string,
    actor: Actor,
    yards: WaitingYard[] | null,
    final: boolean,
  ): Promise<Created | null> {
    const firmId = user.firmId!;
    const now = this.clock.now();
    const { content, errors } = normaliseContent(dto, now, null, yards && { gate: dto.gate, list: yards });
    const problems = errors.map((e) => refusedField(e));
    if (!yards) problems.unshift({ field: 'gate', message: { key: 'gateUnknown', params: { gate: dto.gate } } });
    if (problems.length && !final) return null;
    if (problems.length) throw AppError.invalidFields(problems);
    // Read before the write, as every price here: the write is one statement and waits for nothing else.
    const price = await this.fees.pricing();
    const id = randomUUID();
    // The number and the firm's name are filled in by the write: the filing numbers it.
    const view = toDeclarationView(
      {
        id,
        number: '',
        firmId,
        firmName: '',
        firmTaxCode: '',
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
      },
      price,
    );
    const cap = this.config.maxActiveDeclarationsPerFirm;
    // `declaration.created` gives firms no webhook event (`declarationWebhookEvent`): the outbox row is all.
    const filing = await this.repo.create({
      id,
      firmId,
      gate: dto.gate,
      gateYards: yards!,
      direction: dto.direction,
      status: 'DRAFT',
      content,
      createdBy: user.id,
      at: now,
      actor,
      event: outboxRow('declaration.created', id, { declarationId: id, firmId, gate: dto.gate, status: 'DRAFT' }, now),
      cap,
      idempotent: idempotencyKey ? { key: idempotencyKey, requestHash, status: 201, body: view } : null,
    });
    switch (filing.outcome) {
      case 'created': {
        const firm = { id: firmId, name: filing.firmName, taxCode: filing.firmTaxCode };
        return { status: 201, body: { ...view, number: filing.number, firm } };
      }
      case 'gate-changed':
        return null;
      case 'replayed':
        // A retry of a filing that was kept (its response lost) answers as the first did, before any refusal.
        if (filing.stored.requestHash !== requestHash)
          throw new AppError('IDEMPOTENCY_KEY_REUSED', 'idempotencyKeyReused');
        return { status: filing.stored.status, body: filing.stored.body as DeclarationView };
      case 'plate-held': {
        const refused = content.vehicles.flatMap((v, i) => {
          const h = filing.holders.find((x) => x.plateKey === v.plateKey);
          return h ? [{ field: `vehicles[${i}].plate`, refusal: openPlateRefusal(h) }] : [];
        });
        throw AppError.refusedFields('CONFLICT', refused);
      }
      case 'cap-reached':
        throw new AppError('CONFLICT', 'firmOpenCap', { cap });
    }
  }

  async get(user: AuthUser, id: string): Promise<DeclarationView> {
    const d = await this.visible(user, id);
    return toDeclarationView(d, await this.fees.pricing(), await this.repo.correctionRequests(id), this.slip);
  }

  async list(user: AuthUser, q: ListDeclarationsQuery): Promise<DeclarationPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    let plateKey: string | undefined;
    if (q.plate) {
      const key = normalisePlateKey(q.plate);
      if (!key) throw AppError.invalid('plate', 'plateInvalid');
      plateKey = key;
    }
    const { items, total } = await this.repo.list(
      {
        status: q.status,
        gate: q.gate,
        direction: q.direction,
        plateKey,
        // Numbers are issued as TK<year>-<8 digits>; a console's search box may have lost the case or the dash.
        number: q.number
          ? q.number
              .toUpperCase()
              .replace(/[\s-]/g, '')
              .replace(/^(TK\d{4})/, '$1-')
          : undefined,
        page,
        pageSize,
      },
      scopeOf(user),
    );
    // Each item carries its open correction requests: what waits on the firm shows in the list.
    const open = await this.repo.openCorrectionRequests(items.map((d) => d.id));
    const price = await this.fees.pricing();
    const views = items.map((d) => toDeclarationView(d, price, open.get(d.id), this.slip));
    return { items: views, total, page, pageSize };
  }

  async amend(user: AuthUser, id: string, dto: AmendDeclarationDto, actor: Actor): Promise<DeclarationView> {
    const now = this.clock.now();
    return this.change(user, id, 'declaration.amend', async (tx, d, price) => {
      for (const v of d.vehicles) this.refuseUnless(applyAction(v.status, 'amend'));
      const gate = await tx.gate(d.gate);
      const { content, errors } = normaliseContent(dto, now, new Set(d.vehicles.map((v) => v.id)), {
        gate: d.gate,
        list: gate?.yards ?? [],
        kept: d.content.yard,
      });
      if (errors.length) throw AppError.invalidFields(errors.map((e) => refusedField(e)));
      if (dto.correctionRequestId) {
        const correction = await tx.findCorrectionRequest(id, dto.correctionRequestId);
        if (!correction) throw AppError.invalid('correctionRequestId', 'correctionNotOfDeclaration');
        if (correction.status !== 'OPEN') throw new AppError('CONFLICT', 'correctionAnswered');
      }
      const amendment: PreparedAmendment = {
        content,
        version: d.currentVersion + 1,
        note: dto.note ?? null,
        correctionRequestId: dto.correctionRequestId ?? null,
      };
      if (!yardOwns(d))
        return this.writeAmendment(tx, d, amendment, actor, now, d.vehicles[0]?.status ?? 'DRAFT', price);
      const kept = new Set(content.vehicles.map((v) => v.id));
      return this.askYard(tx, d, { kind: 'amend', amendment, actor }, now, {
        version: amendment.version,
        vehicles: vehicleSnapshots(d, price, { content, version: amendment.version, vehicleIds: [...kept] }),
        withdrawn: vehicleSnapshots(d, price).filter((v) => !kept.has(v.vehicleId)),
      });
    });
  }

  /**
   * Writes an amendment as a new version. `stage` is where the declaration's vehicles are (new vehicles join
   * there): for a change the yard agreed to, ACCEPTED, as the yard found them, whatever older news says here.
   */
  private async writeAmendment(
    tx: DeclarationTx,
    d: DeclarationRecord,
    a: PreparedAmendment,
    actor: Actor,
    now: Date,
    stage: VehicleState,
    price: FeePricing,
  ): Promise<DeclarationRecord> {
    const { content, version } = a;
    const id = d.id;
    await tx.insertVersion(id, version, content, actor.id ?? d.createdBy, now, a.note);
    await tx.setCurrentVersion(id, version, content.expectedArrival, now);
    // New vehicles join at the declaration's stage; vehicles left out of the new version are removed.
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
    if (a.correctionRequestId) await tx.answerCorrectionRequest(a.correctionRequestId, version, now);
    await tx.audit([
      {
        declarationId: id,
        action: a.correctionRequestId ? 'amend-correction' : 'amend',
        reason: a.note,
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
      {
        declarationId: id,
        firmId: d.firmId,
        gate: d.gate,
        version,
        vehicles: vehicleSnapshots(after, price),
      },
      now,
    );
    if (a.correctionRequestId)
      await tx.event(
        'declaration.correction_answered',
        id,
        { declarationId: id, firmId: d.firmId, gate: d.gate, requestId: a.correctionRequestId },
        now,
      );
    return after;
  }

  submit(user: AuthUser, id: string, actor: Actor): Promise<DeclarationView> {
    return this.change(user, id, 'declaration.submit', async (tx, d, price) => {
      const now = this.clock.now();
      const figures = declarationFigures(d);
      await this.transitionAll(tx, d, 'submit', actor, now);
      // What the firm files once it is offered next time (the form's autocomplete).
      await tx.fleetBook().remember(d.firmId, d.content.vehicles, now);
      await tx.event(
        'declaration.submitted',
        id,
        { declarationId: id, firmId: d.firmId, gate: d.gate, ...figures },
        now,
      );
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
          {
            declarationId: id,
            firmId: d.firmId,
            gate: d.gate,
            automatic: true,
            vehicles: vehicleSnapshots(after, price),
          },
          now,
        );
      }
      return after;
    });
  }

  accept(user: AuthUser, id: string, actor: Actor): Promise<DeclarationView> {
    return this.change(user, id, 'declaration.accept', async (tx, d, price) => {
      const now = this.clock.now();
      await this.transitionAll(tx, d, 'accept', actor, now);
      const after = (await tx.lock(id))!;
      await tx.event(
        'declaration.accepted',
        id,
        {
          declarationId: id,
          firmId: d.firmId,
          gate: d.gate,
          automatic: false,
          vehicles: vehicleSnapshots(after, price),
        },
        now,
      );
      return after;
    });
  }

  reject(user: AuthUser, id: string, reason: string, actor: Actor): Promise<DeclarationView> {
    return this.change(user, id, 'declaration.reject', async (tx, d) => {
      const now = this.clock.now();
      const figures = declarationFigures(d);
      await this.transitionAll(tx, d, 'reject', actor, now, reason);
      await tx.event(
        'declaration.rejected',
        id,
        { declarationId: id, firmId: d.firmId, gate: d.gate, reason, ...figures },
        now,
      );
      return (await tx.lock(id))!;
    });
  }

  cancel(user: AuthUser, id: string, reason: string | undefined, actor: Actor): Promise<DeclarationView> {
    return this.change(user, id, 'declaration.cancel', async (tx, d, price) => {
      const now = this.clock.now();
      const live = d.vehicles.filter((v) => !isTerminalState(v.status));
      const queued = live.find((v) => !isPreQueueState(v.status));
      if (queued) {
        throw new AppError('ILLEGAL_TRANSITION', 'cancelWhileQueued', {
          plate: d.content.vehicles.find((c) => c.id === queued.id)?.plate ?? '',
          state: stateMessage(queued.status),
        });
      }
      if (!yardOwns(d)) return this.writeCancel(tx, d, reason ?? null, actor, now);
      const ids = new Set(live.map((v) => v.id));
      return this.askYard(tx, d, { kind: 'cancel', reason: reason ?? null, actor }, now, {
        version: d.currentVersion,
        vehicles: [],
        withdrawn: vehicleSnapshots(d, price).filter((v) => ids.has(v.vehicleId)),
      });
    });
  }

  /** `ownerConfirmed`: the yard agreed, having found every vehicle outside the yard, i.e. ACCEPTED. */
  private async writeCancel(
    tx: DeclarationTx,
    d: DeclarationRecord,
    reason: string | null,
    actor: Actor,
    now: Date,
    ownerConfirmed = false,
  ): Promise<DeclarationRecord> {
    const live = d.vehicles.filter((v) => !isTerminalState(v.status));
    await this.transitionAll(tx, d, 'cancel', actor, now, reason ?? undefined, ownerConfirmed ? 'ACCEPTED' : undefined);
    await tx.event(
      'declaration.cancelled',
      d.id,
      { declarationId: d.id, firmId: d.firmId, gate: d.gate, vehicleIds: live.map((v) => v.id) },
      now,
    );
    return (await tx.lock(d.id))!;
  }

  /**
   * Records a change to vehicles the yard owns as pending; the caller asks the yard once this commits
   * (see `change`). Another change of the same declaration waits for the yard's answer to this one.
   */
  private async askYard(
    tx: DeclarationTx,
    d: DeclarationRecord,
    change: PendingChange,
    now: Date,
    what: Pick<VehicleHandoffRequest, 'version' | 'vehicles' | 'withdrawn'>,
  ): Promise<{ handoff: string }> {
    const id = randomUUID();
    await tx.insertHandoff({
      id,
      declarationId: d.id,
      kind: change.kind,
      request: { id, kind: change.kind, declarationId: d.id, ...what },
      change,
      createdAt: now,
    });
    return { handoff: id };
  }

  /** Asks the yard to decide a pending change, then applies or refuses it here. */
  async resumeHandoff(handoffId: string): Promise<DeclarationRecord> {
    const h = await this.repo.handoff(handoffId);
    if (!h) throw AppError.notFound('changeRequestNotFound');
    let decision: VehicleHandoffDecision;
    try {
      decision = await this.yard.decide(h.request);
    } catch (e) {
      this.logger.warn(`the yard did not decide change ${h.id} of ${h.declarationId}: ${(e as Error).message}`);
      throw new AppError('DEPENDENCY_DOWN', 'yardUnreachable');
    }
    const price = await this.fees.pricing();
    const settled = await this.repo.transaction(async (tx) => {
      const now = this.clock.now();
      const d = (await tx.lock(h.declarationId))!;
      const pending = await tx.lockPendingHandoff(h.id);
      // Settled meanwhile (a sweep, or the request it was retried for): that decision stands.
      if (!pending) return { d, decision: (await this.repo.handoff(h.id))!.decision! };
      const change = pending.change;
      if (decision.outcome === 'REFUSED') {
        await tx.closeHandoff(h.id, 'REFUSED', decision, now);
        await tx.audit([
          {
            declarationId: d.id,
            vehicleId: decision.position.vehicleId,
            action: change.kind === 'amend' ? 'amend-refused-by-yard' : 'cancel-refused-by-yard',
            reason: decision.message,
            actorId: change.actor.id,
            actorRole: change.actor.role,
            console: change.actor.console,
            at: now,
          },
        ]);
        return { d, decision };
      }
      const after =
        change.kind === 'amend'
          ? await this.writeAmendment(tx, d, change.amendment, change.actor, now, 'ACCEPTED', price)
          : await this.writeCancel(tx, d, change.reason, change.actor, now, true);
      await tx.closeHandoff(h.id, 'APPLIED', decision, now);
      return { d: after, decision };
    });
    this.relay.poke();
    if (settled.decision.outcome === 'REFUSED') {
      // Said again from where the yard found the truck (the yard's message is Vietnamese, for the audit log).
      const p = settled.decision.position;
      const refused = firmChangeRefusal(h.kind, {
        ...p,
        checkedInAt: p.checkedInAt ? new Date(p.checkedInAt) : null,
        windowStart: p.windowStart ? new Date(p.windowStart) : null,
      });
      // The yard refuses only where firmChangeRefusal does.
      throw AppError.refused('CONFLICT', refused!);
    }
    return settled.d;
  }

  requestCorrection(user: AuthUser, id: string, dto: CorrectionRequestDto, actor: Actor): Promise<DeclarationView> {
    return this.change(user, id, 'declaration.request-correction', async (tx, d) => {
      const now = this.clock.now();
      const status = d.vehicles[0]?.status;
      if (!d.vehicles.every((v) => v.status === 'SUBMITTED' || v.status === 'ACCEPTED')) {
        throw new AppError('ILLEGAL_TRANSITION', 'correctionOnlyFiled', {
          status: status
            ? { key: 'statusAndState', params: { status: d.status, state: stateMessage(status) } }
            : d.status,
        });
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
      if (!r) throw AppError.notFound('correctionNotFound');
      if (r.status !== 'ANSWERED')
        throw new AppError('ILLEGAL_TRANSITION', 'correctionNotAnsweredYet', { status: r.status });
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

  /**
   * What the yard needs about a vehicle it does not hold: its acceptance, as the relay would carry it (the same
   * snapshots at the same version, so the later event changes nothing), or its other declarations.
   */
  async vehicleDeclarations(by: { plateKey: string } | { vehicleId: string }): Promise<VehicleDeclarations> {
    const out: VehicleDeclarations = { accepted: [], others: [] };
    const price = await this.fees.pricing();
    for (const d of await this.repo.withVehicle(by)) {
      for (const v of d.vehicles) {
        if ('plateKey' in by ? v.plateKey !== by.plateKey : v.id !== by.vehicleId) continue;
        if (v.status === 'ACCEPTED')
          out.accepted.push(...vehicleSnapshots(d, price).filter((s) => s.vehicleId === v.id));
        else out.others.push({ declarationNumber: d.number, gate: d.gate, status: v.status, reason: d.decisionReason });
      }
    }
    return out;
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
    if (!key) throw AppError.invalid('plate', 'plateInvalidQuoted', { plate });
    const declarations = await this.repo.findByPlate(key, scopeOf(user));
    const price = await this.fees.pricing();
    return declarations.flatMap((d) =>
      toDeclarationView(d, price)
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
    if (!d) throw AppError.notFound('declarationNotFound');
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
    work: (
      tx: DeclarationTx,
      d: DeclarationRecord,
      price: FeePricing,
    ) => Promise<DeclarationRecord | { handoff: string }>,
  ): Promise<DeclarationView> {
    try {
      const price = await this.fees.pricing();
      const done = await this.repo.transaction(async (tx) => {
        const current = await tx.lock(id);
        if (!current) throw AppError.notFound('declarationNotFound');
        if (user.role === 'FIRM' && current.firmId !== user.firmId) throw AppError.notFound('declarationNotFound');
        if (!isPermitted(user.role, permission)) throw AppError.forbidden();
        if (isOfficer(user.role) && !canActAtGate(user, current.gate))
          throw AppError.forbidden('notAssignedGate', { gate: current.gate });
        const pending = await tx.pendingHandoff(id);
        if (pending)
          throw new AppError('CONFLICT', pending.kind === 'amend' ? 'amendPending' : 'cancelPending', {
            at: pending.createdAt.toISOString(),
          });
        return work(tx, current, price);
      });
      // Committed: the relay delivers its events now rather than at its next poll.
      this.relay.poke();
      // A change to vehicles the yard owns is acknowledged only once the yard agreed to it.
      const d = 'handoff' in done ? await this.resumeHandoff(done.handoff) : done;
      return toDeclarationView(d, price, await this.repo.correctionRequests(id), this.slip);
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
        throw new AppError('CONFLICT', 'vehicleInOtherDeclaration');
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
    /** The vehicles' state as their owner (the yard) confirmed it, where this service's copy may lag. */
    confirmedFrom?: VehicleState,
  ): Promise<void> {
    const live = d.vehicles
      .filter((v) => !isTerminalState(v.status))
      .map((v) => (confirmedFrom ? { ...v, status: confirmedFrom } : v));
    if (live.length === 0) throw new AppError('ILLEGAL_TRANSITION', 'noVehiclesLeft', { status: d.status });
    const moves = live.map((v) => {
      const r = applyAction(v.status, action);
      this.refuseUnless(r);
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

  private refuseUnless(r: ReturnType<typeof applyAction>): void {
    if (!r.ok) throw AppError.refused('ILLEGAL_TRANSITION', r.refusal);
  }
}
