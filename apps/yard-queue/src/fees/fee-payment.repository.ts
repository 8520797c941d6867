import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction, returnedRows } from '#libs/database/src/index.js';
import type { FeeClass, FeeDue, PaymentMethod } from '#libs/domain/src/index.js';
import { YARD_QUEUE_DB } from '../database/yard-queue-database.js';

/** The yard's copy of a vehicle as far as its fee goes. */
export interface FeeVehicle {
  vehicleId: string;
  plate: string;
  gate: string;
  firmName: string;
  status: string;
  fee: FeeDue | null;
}

export interface StoredPayment {
  id: string;
  vehicleId: string;
  method: PaymentMethod;
  receiptNumber: string;
  amountVnd: number;
  refundedVnd: number;
  paidAt: Date;
}

export interface StoredRefund {
  id: string;
  paymentId: string;
  amountVnd: number;
  reason: string;
  refundedAt: Date;
}

export interface DailyTotalsRow {
  feeClass: FeeClass;
  payments: number;
  cashVnd: number;
  transferVnd: number;
  paidVnd: number;
  refunds: number;
  refundedVnd: number;
}

interface VehicleRow {
  vehicle_id: string;
  gate: string;
  status: string;
  snapshot: { plate: string; firmName: string; fee?: FeeDue | null };
}
interface PaymentRow {
  id: string;
  vehicle_id: string;
  method: PaymentMethod;
  receipt_number: string;
  amount_vnd: string;
  refunded_vnd: string;
  paid_at: Date;
}
interface RefundRow {
  id: string;
  payment_id: string;
  amount_vnd: string;
  reason: string;
  refunded_at: Date;
}

const toVehicle = (r: VehicleRow): FeeVehicle => ({
  vehicleId: r.vehicle_id,
  plate: r.snapshot.plate,
  gate: r.gate,
  firmName: r.snapshot.firmName,
  status: r.status,
  fee: r.snapshot.fee ?? null,
});
// bigint columns arrive as text; fees are bounded far below 2^53 (MAX_FEE_VND per row).
const toPayment = (r: PaymentRow): StoredPayment => ({
  id: r.id,
  vehicleId: r.vehicle_id,
  method: r.method,
  receiptNumber: r.receipt_number,
  amountVnd: Number(r.amount_vnd),
  refundedVnd: Number(r.refunded_vnd),
  paidAt: r.paid_at,
});
const toRefund = (r: RefundRow): StoredRefund => ({
  id: r.id,
  paymentId: r.payment_id,
  amountVnd: Number(r.amount_vnd),
  reason: r.reason,
  refundedAt: r.refunded_at,
});

const PAYMENT_COLUMNS = 'id, vehicle_id, method, receipt_number, amount_vnd, refunded_vnd, paid_at';

/** One payment or refund, in one transaction. */
export class FeeTx {
  constructor(private readonly em: EntityManager) {}

  /**
   * Records the vehicle's payment unless it already has one or the gate already used the receipt number:
   * the two unique constraints decide between concurrent payments, so exactly one of them is kept.
   */
  async insertPayment(p: {
    id: string;
    vehicleId: string;
    gate: string;
    feeClass: FeeClass;
    method: PaymentMethod;
    receiptNumber: string;
    amountVnd: number;
    at: Date;
    day: string;
    by: string | null;
  }): Promise<boolean> {
    const rows = await this.em.query<unknown[]>(
      `INSERT INTO fee_payments (id, vehicle_id, gate, fee_class, method, receipt_number, amount_vnd, paid_at, business_day, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
      [p.id, p.vehicleId, p.gate, p.feeClass, p.method, p.receiptNumber, p.amountVnd, p.at, p.day, p.by],
    );
    return rows.length === 1;
  }

  /**
   * Adds `amountVnd` to what the payment has refunded, only if the total stays within what was paid: one
   * conditional update, so concurrent refunds queue on the row and the later ones see the earlier ones.
   */
  async addRefund(paymentId: string, amountVnd: number): Promise<StoredPayment | null> {
    const rows = returnedRows<PaymentRow>(
      await this.em.query(
        `UPDATE fee_payments SET refunded_vnd = refunded_vnd + $2
         WHERE id = $1 AND refunded_vnd + $2 <= amount_vnd RETURNING ${PAYMENT_COLUMNS}`,
        [paymentId, amountVnd],
      ),
    );
    return rows[0] ? toPayment(rows[0]) : null;
  }

  async insertRefund(r: {
    id: string;
    paymentId: string;
    gate: string;
    amountVnd: number;
    reason: string;
    at: Date;
    day: string;
    by: string | null;
  }): Promise<void> {
    await this.em.query(
      `INSERT INTO fee_refunds (id, payment_id, gate, fee_class, amount_vnd, reason, refunded_at, business_day, recorded_by)
       SELECT $1, $2, $3, fee_class, $4, $5, $6, $7, $8 FROM fee_payments WHERE id = $2`,
      [r.id, r.paymentId, r.gate, r.amountVnd, r.reason, r.at, r.day, r.by],
    );
  }
}

@Injectable()
export class FeePaymentRepository {
  constructor(@InjectDataSource(YARD_QUEUE_DB) private readonly ds: DataSource) {}

  transaction<T>(work: (tx: FeeTx) => Promise<T>): Promise<T> {
    return inTransaction(this.ds, (em) => work(new FeeTx(em)));
  }

  async vehicle(vehicleId: string): Promise<FeeVehicle | null> {
    const rows = await this.ds.query<VehicleRow[]>(
      'SELECT vehicle_id, gate, status, snapshot FROM vehicles WHERE vehicle_id = $1',
      [vehicleId],
    );
    return rows[0] ? toVehicle(rows[0]) : null;
  }

  async vehiclesByPlate(gate: string, plateKey: string): Promise<FeeVehicle[]> {
    const rows = await this.ds.query<VehicleRow[]>(
      `SELECT vehicle_id, gate, status, snapshot FROM vehicles WHERE plate_key = $1 AND gate = $2
       ORDER BY updated_at DESC LIMIT 20`,
      [plateKey, gate],
    );
    return rows.map(toVehicle);
  }

  async payments(vehicleIds: string[]): Promise<StoredPayment[]> {
    const rows = await this.ds.query<PaymentRow[]>(
      `SELECT ${PAYMENT_COLUMNS} FROM fee_payments WHERE vehicle_id = ANY($1)`,
      [vehicleIds],
    );
    return rows.map(toPayment);
  }

  async refunds(paymentIds: string[]): Promise<StoredRefund[]> {
    const rows = await this.ds.query<RefundRow[]>(
      `SELECT id, payment_id, amount_vnd, reason, refunded_at FROM fee_refunds WHERE payment_id = ANY($1)
       ORDER BY refunded_at, id`,
      [paymentIds],
    );
    return rows.map(toRefund);
  }

  async receiptTaken(gate: string, receiptNumber: string): Promise<string | null> {
    const rows = await this.ds.query<{ vehicle_id: string }[]>(
      'SELECT vehicle_id FROM fee_payments WHERE gate = $1 AND receipt_number = $2',
      [gate, receiptNumber],
    );
    return rows[0]?.vehicle_id ?? null;
  }

  async gateExists(gate: string): Promise<boolean> {
    return (await this.ds.query<unknown[]>('SELECT 1 FROM gates WHERE code = $1', [gate])).length === 1;
  }

  /** Per fee class, the payments and the refunds a gate recorded on one local day (summed by the database). */
  async dailyTotals(gate: string, day: string): Promise<DailyTotalsRow[]> {
    const rows = await this.ds.query<
      {
        fee_class: FeeClass;
        payments: number;
        cash: string;
        transfer: string;
        paid: string;
        refunds: number;
        refunded: string;
      }[]
    >(
      `WITH p AS (
         SELECT fee_class, count(*)::int AS payments,
                coalesce(sum(amount_vnd) FILTER (WHERE method = 'CASH'), 0) AS cash,
                coalesce(sum(amount_vnd) FILTER (WHERE method = 'TRANSFER'), 0) AS transfer,
                sum(amount_vnd) AS paid
         FROM fee_payments WHERE gate = $1 AND business_day = $2 GROUP BY fee_class),
       r AS (
         SELECT fee_class, count(*)::int AS refunds, sum(amount_vnd) AS refunded
         FROM fee_refunds WHERE gate = $1 AND business_day = $2 GROUP BY fee_class)
       SELECT coalesce(p.fee_class, r.fee_class) AS fee_class,
              coalesce(p.payments, 0) AS payments, coalesce(p.cash, 0)::text AS cash,
              coalesce(p.transfer, 0)::text AS transfer, coalesce(p.paid, 0)::text AS paid,
              coalesce(r.refunds, 0) AS refunds, coalesce(r.refunded, 0)::text AS refunded
       FROM p FULL JOIN r ON p.fee_class = r.fee_class`,
      [gate, day],
    );
    return rows.map((r) => ({
      feeClass: r.fee_class,
      payments: r.payments,
      cashVnd: Number(r.cash),
      transferVnd: Number(r.transfer),
      paidVnd: Number(r.paid),
      refunds: r.refunds,
      refundedVnd: Number(r.refunded),
    }));
  }
}
