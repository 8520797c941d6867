import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import type { FeeClass, PaymentMethod } from '#libs/domain/src/index.js';
import { GateEntity } from '../queue/entities/gate.entity.js';
import { VehicleEntity } from '../queue/entities/vehicle.entity.js';

/** A vehicle's infrastructure fee, paid at the yard: at most one per vehicle, its receipt unique at the gate. */
@Entity({ name: 'fee_payments' })
@Unique('fee_payments_vehicle_key', ['vehicleId'])
@Unique('fee_payments_receipt_key', ['gate', 'receiptNumber'])
@Check('fee_payments_method_check', "(method = ANY (ARRAY['CASH'::text, 'TRANSFER'::text]))")
@Check('fee_payments_amount_vnd_check', '(amount_vnd > 0)')
@Check('fee_payments_refund_bound', '((refunded_vnd >= 0) AND (refunded_vnd <= amount_vnd))')
@Index('fee_payments_gate_day', ['gate', 'businessDay'])
export class FeePaymentEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'fee_payments_pkey' })
  id: string;

  @Column('uuid', { name: 'vehicle_id' })
  vehicleId: string;

  @Column('text')
  gate: string;

  @Column('text', { name: 'fee_class' })
  feeClass: FeeClass;

  @Column('text')
  method: PaymentMethod;

  @Column('text', { name: 'receipt_number' })
  receiptNumber: string;

  @Column('bigint', { name: 'amount_vnd' })
  amountVnd: string;

  @Column('bigint', { name: 'refunded_vnd', default: 0 })
  refundedVnd: string;

  @Column('timestamptz', { name: 'paid_at' })
  paidAt: Date;

  /** The local day (Asia/Ho_Chi_Minh) the payment counts in the daily report. */
  @Column('date', { name: 'business_day' })
  businessDay: string;

  @Column('uuid', { name: 'recorded_by', nullable: true })
  recordedBy: string | null;

  @ManyToOne(() => VehicleEntity)
  @JoinColumn({ name: 'vehicle_id', foreignKeyConstraintName: 'fee_payments_vehicle_id_fkey' })
  vehicle?: VehicleEntity;

  @ManyToOne(() => GateEntity)
  @JoinColumn({ name: 'gate', foreignKeyConstraintName: 'fee_payments_gate_fkey' })
  gateRow?: GateEntity;
}

/** A refund of (part of) a payment, with its reason; counted on the day it is made. */
@Entity({ name: 'fee_refunds' })
@Check('fee_refunds_amount_vnd_check', '(amount_vnd > 0)')
@Index('fee_refunds_gate_day', ['gate', 'businessDay'])
@Index('fee_refunds_payment', ['paymentId'])
export class FeeRefundEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'fee_refunds_pkey' })
  id: string;

  @Column('uuid', { name: 'payment_id' })
  paymentId: string;

  @Column('text')
  gate: string;

  @Column('text', { name: 'fee_class' })
  feeClass: FeeClass;

  @Column('bigint', { name: 'amount_vnd' })
  amountVnd: string;

  @Column('text')
  reason: string;

  @Column('timestamptz', { name: 'refunded_at' })
  refundedAt: Date;

  @Column('date', { name: 'business_day' })
  businessDay: string;

  @Column('uuid', { name: 'recorded_by', nullable: true })
  recordedBy: string | null;

  @ManyToOne(() => FeePaymentEntity)
  @JoinColumn({ name: 'payment_id', foreignKeyConstraintName: 'fee_refunds_payment_id_fkey' })
  payment?: FeePaymentEntity;
}
