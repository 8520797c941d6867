import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Actor, type AuthUser, canActAtGate } from '#libs/auth/src/index.js';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import {
  FEE_CLASSES,
  formatVnd,
  isValidLocalDate,
  localDay,
  normalisePlateKey,
  normaliseReceiptNumber,
  refundRefusal,
  VIETNAM_UTC_OFFSET_MINUTES,
} from '#libs/domain/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import type {
  DailyFeeReport,
  DailyFeeReportLine,
  FeeAccountView,
  RecordPaymentDto,
  RecordRefundDto,
} from './dto/fees.dto.js';
import { FeePaymentRepository, type FeeVehicle } from './fee-payment.repository.js';

/**
 * Infrastructure fees at the yard. The yard records what is paid because the truck is there: the operator
 * takes the money (or sees the transfer) and writes the receipt at check-in. The amount owed is not decided
 * here: the declaration service priced the vehicle from its tariff and sent the amount with the vehicle's
 * snapshot, and that is the amount collected — the same figure the firm saw on its declaration and slip.
 */
@Injectable()
export class FeesService {
  constructor(
    private readonly repo: FeePaymentRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private today(): string {
    return localDay(this.clock.now(), VIETNAM_UTC_OFFSET_MINUTES);
  }

  private atGate(user: AuthUser, gate: string): void {
    if (!canActAtGate(user, gate)) throw AppError.forbidden('notAssignedGate', { gate });
  }

  /** A vehicle the caller may collect for (officers: their gates' vehicles only). */
  private async vehicle(user: AuthUser, vehicleId: string): Promise<FeeVehicle> {
    const v = await this.repo.vehicle(vehicleId);
    if (!v) throw AppError.notFound('vehicleNotFound');
    this.atGate(user, v.gate);
    return v;
  }

  async find(user: AuthUser, gate: string, plate: string): Promise<FeeAccountView[]> {
    this.atGate(user, gate);
    const key = normalisePlateKey(plate);
    if (!key) throw AppError.invalid('plate', 'plateInvalidQuoted', { plate: plate.slice(0, 30) });
    return this.accounts(await this.repo.vehiclesByPlate(gate, key));
  }

  async account(user: AuthUser, vehicleId: string): Promise<FeeAccountView> {
    return (await this.accounts([await this.vehicle(user, vehicleId)]))[0];
  }

  async pay(user: AuthUser, vehicleId: string, dto: RecordPaymentDto, actor: Actor): Promise<FeeAccountView> {
    const receipt = normaliseReceiptNumber(dto.receiptNumber);
    if (!receipt) throw AppError.invalid('receiptNumber', 'receiptFormat');
    const v = await this.vehicle(user, vehicleId);
    if (v.status !== 'ACCEPTED') throw new AppError('CONFLICT', 'feeWithdrawn', { plate: v.plate });
    if (!v.fee) throw new AppError('CONFLICT', 'feeNoRate', { plate: v.plate });
    const now = this.clock.now();
    const recorded = await this.repo.transaction((tx) =>
      tx.insertPayment({
        id: randomUUID(),
        vehicleId,
        gate: v.gate,
        feeClass: v.fee!.feeClass,
        method: dto.method,
        receiptNumber: receipt,
        amountVnd: v.fee!.amountVnd,
        at: now,
        day: localDay(now, VIETNAM_UTC_OFFSET_MINUTES),
        by: actor.id,
      }),
    );
    if (!recorded) {
      const [paid] = await this.repo.payments([vehicleId]);
      if (paid)
        throw new AppError('CONFLICT', 'feeAlreadyPaid', {
          plate: v.plate,
          amount: formatVnd(paid.amountVnd),
          receipt: paid.receiptNumber,
        });
      const used = { key: 'receiptUsed', params: { receipt, gate: v.gate } } as const;
      throw new AppError('CONFLICT', used.key, used.params, [{ field: 'receiptNumber', message: used }]);
    }
    return this.account(user, vehicleId);
  }

  async refund(user: AuthUser, vehicleId: string, dto: RecordRefundDto, actor: Actor): Promise<FeeAccountView> {
    const v = await this.vehicle(user, vehicleId);
    const reason = dto.reason.trim().normalize('NFC');
    if (reason.length < 3) throw AppError.invalid('reason', 'refundReasonNeeded');
    const [payment] = await this.repo.payments([vehicleId]);
    if (!payment) throw new AppError('CONFLICT', 'refundNothingPaid', { plate: v.plate });
    const now = this.clock.now();
    const done = await this.repo.transaction(async (tx) => {
      const after = await tx.addRefund(payment.id, dto.amountVnd);
      if (!after) return false;
      await tx.insertRefund({
        id: randomUUID(),
        paymentId: payment.id,
        gate: v.gate,
        amountVnd: dto.amountVnd,
        reason,
        at: now,
        day: localDay(now, VIETNAM_UTC_OFFSET_MINUTES),
        by: actor.id,
      });
      return true;
    });
    if (!done) {
      // Refused by the conditional update: say why with the figures as they are now.
      const [current] = await this.repo.payments([vehicleId]);
      const refusal = refundRefusal(current.amountVnd, current.refundedVnd, dto.amountVnd);
      throw refusal ? AppError.refused('CONFLICT', refusal) : new AppError('CONFLICT', 'refundTooMuch');
    }
    return this.account(user, vehicleId);
  }

  async dailyReport(user: AuthUser, gate: string, date: string | undefined): Promise<DailyFeeReport> {
    this.atGate(user, gate);
    const day = date ?? this.today();
    if (!isValidLocalDate(day)) throw AppError.invalid('date', 'dateInvalid', { day });
    if (!(await this.repo.gateExists(gate))) throw AppError.notFound('gateNotFound', { gate });
    const byClass = new Map((await this.repo.dailyTotals(gate, day)).map((r) => [r.feeClass, r]));
    const lines: DailyFeeReportLine[] = FEE_CLASSES.map((feeClass) => {
      const r = byClass.get(feeClass);
      const paidVnd = r?.paidVnd ?? 0;
      const refundedVnd = r?.refundedVnd ?? 0;
      return {
        feeClass,
        payments: r?.payments ?? 0,
        cashVnd: r?.cashVnd ?? 0,
        transferVnd: r?.transferVnd ?? 0,
        paidVnd,
        refunds: r?.refunds ?? 0,
        refundedVnd,
        netVnd: paidVnd - refundedVnd,
      };
    });
    const sum = (k: keyof Omit<DailyFeeReportLine, 'feeClass'>) => lines.reduce((s, l) => s + l[k], 0);
    return {
      gate,
      date: day,
      lines,
      totals: {
        payments: sum('payments'),
        cashVnd: sum('cashVnd'),
        transferVnd: sum('transferVnd'),
        paidVnd: sum('paidVnd'),
        refunds: sum('refunds'),
        refundedVnd: sum('refundedVnd'),
        netVnd: sum('netVnd'),
      },
    };
  }

  private async accounts(vehicles: FeeVehicle[]): Promise<FeeAccountView[]> {
    const payments = new Map((await this.repo.payments(vehicles.map((v) => v.vehicleId))).map((p) => [p.vehicleId, p]));
    const refunds = await this.repo.refunds([...payments.values()].map((p) => p.id));
    return vehicles.map((v) => {
      const p = payments.get(v.vehicleId);
      return {
        vehicleId: v.vehicleId,
        plate: v.plate,
        gate: v.gate,
        firmName: v.firmName,
        status: v.status,
        feeClass: v.fee?.feeClass ?? null,
        dueVnd: v.fee?.amountVnd ?? null,
        payment: p
          ? {
              id: p.id,
              method: p.method,
              receiptNumber: p.receiptNumber,
              amountVnd: p.amountVnd,
              refundedVnd: p.refundedVnd,
              paidAt: p.paidAt.toISOString(),
            }
          : null,
        refunds: refunds
          .filter((r) => r.paymentId === p?.id)
          .map((r) => ({ id: r.id, amountVnd: r.amountVnd, reason: r.reason, refundedAt: r.refundedAt.toISOString() })),
      };
    });
  }
}
