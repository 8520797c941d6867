import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  FEE_CLASSES,
  type FeeClass,
  MAX_FEE_VND,
  PAYMENT_METHODS,
  type PaymentMethod,
} from '#libs/domain/src/index.js';

const GATE_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;

export class RecordPaymentDto {
  @ApiProperty({ enum: PAYMENT_METHODS }) @IsIn(PAYMENT_METHODS) method: PaymentMethod;

  @ApiProperty({ example: 'HN-000123', description: 'The number printed on the receipt; unique at the gate' })
  @IsString()
  @Length(1, 60)
  receiptNumber: string;
}

export class RecordRefundDto {
  @ApiProperty({ example: 4_000_000, description: 'Whole VND, at most what is left of the payment' })
  @IsInt()
  @Min(1)
  @Max(MAX_FEE_VND)
  amountVnd: number;

  @ApiProperty({ example: 'Xe không qua cửa khẩu, doanh nghiệp hủy chuyến' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class FindFeeVehiclesQuery {
  @ApiProperty({ example: 'HUU_NGHI' }) @Matches(GATE_CODE) gate: string;
  @ApiProperty({ description: 'Any spelling of a plate' }) @IsString() @MaxLength(30) plate: string;
}

export class DailyReportQuery {
  @ApiProperty({ example: 'HUU_NGHI' }) @Matches(GATE_CODE) gate: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'Local day (Asia/Ho_Chi_Minh); today by default' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'Ngày phải có dạng YYYY-MM-DD' })
  date?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: the same table as text/csv' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class FeePaymentView {
  id: string;
  @ApiProperty({ enum: PAYMENT_METHODS }) method: PaymentMethod;
  receiptNumber: string;
  amountVnd: number;
  refundedVnd: number;
  paidAt: string;
}

export class FeeRefundView {
  id: string;
  amountVnd: number;
  reason: string;
  refundedAt: string;
}

/** A vehicle's fee at the yard: what it owes (as the declaration priced it) and what was paid and refunded. */
export class FeeAccountView {
  vehicleId: string;
  plate: string;
  gate: string;
  firmName: string;
  /** ACCEPTED, or WITHDRAWN when the firm took it off its declaration. */
  status: string;
  @ApiProperty({ enum: FEE_CLASSES, nullable: true }) feeClass: FeeClass | null;
  /** Null while the tariff has no rate for the class (or the vehicle was declared before fees existed). */
  dueVnd: number | null;
  payment: FeePaymentView | null;
  refunds: FeeRefundView[];
}

/** What a day's payments and refunds add up to: `netVnd` is `paidVnd − refundedVnd`. */
export class DailyFeeReportTotals {
  payments: number;
  cashVnd: number;
  transferVnd: number;
  paidVnd: number;
  refunds: number;
  refundedVnd: number;
  netVnd: number;
}

/** One fee class's line of the daily report. */
export class DailyFeeReportLine extends DailyFeeReportTotals {
  @ApiProperty({ enum: FEE_CLASSES }) feeClass: FeeClass;
}

/** Payments and refunds of one gate on one local day, by fee class (refunds count on the day they are made). */
export class DailyFeeReport {
  gate: string;
  date: string;
  lines: DailyFeeReportLine[];
  totals: DailyFeeReportTotals;
}
