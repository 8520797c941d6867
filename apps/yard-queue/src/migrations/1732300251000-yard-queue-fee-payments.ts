import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Infrastructure fees collected at the yard: one payment per vehicle (cash or transfer, its receipt number
 * unique at the gate) and its refunds. The payment row carries the running total refunded, bounded by what
 * was paid, so a refund is one conditional update the database serialises.
 */
export class YardQueueFeePayments1732300251000 implements MigrationInterface {
  name = 'YardQueueFeePayments1732300251000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE fee_payments (
      id uuid PRIMARY KEY,
      vehicle_id uuid NOT NULL REFERENCES vehicles(vehicle_id),
      gate text NOT NULL REFERENCES gates(code),
      fee_class text NOT NULL,
      method text NOT NULL CHECK (method IN ('CASH', 'TRANSFER')),
      receipt_number text NOT NULL,
      amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
      refunded_vnd bigint NOT NULL DEFAULT 0,
      paid_at timestamptz NOT NULL,
      business_day date NOT NULL,
      recorded_by uuid,
      CONSTRAINT fee_payments_vehicle_key UNIQUE (vehicle_id),
      CONSTRAINT fee_payments_receipt_key UNIQUE (gate, receipt_number),
      CONSTRAINT fee_payments_refund_bound CHECK (refunded_vnd >= 0 AND refunded_vnd <= amount_vnd)
    )`);
    await q.query('CREATE INDEX fee_payments_gate_day ON fee_payments (gate, business_day)');
    await q.query(`CREATE TABLE fee_refunds (
      id uuid PRIMARY KEY,
      payment_id uuid NOT NULL REFERENCES fee_payments(id),
      gate text NOT NULL,
      fee_class text NOT NULL,
      amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
      reason text NOT NULL,
      refunded_at timestamptz NOT NULL,
      business_day date NOT NULL,
      recorded_by uuid
    )`);
    await q.query('CREATE INDEX fee_refunds_gate_day ON fee_refunds (gate, business_day)');
    await q.query('CREATE INDEX fee_refunds_payment ON fee_refunds (payment_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE fee_refunds');
    await q.query('DROP TABLE fee_payments');
  }
}
