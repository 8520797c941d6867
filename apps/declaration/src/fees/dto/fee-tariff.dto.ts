import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { FEE_CLASSES, type FeeClass, type FeeDue, MAX_FEE_VND, type TariffRow } from '#libs/domain/src/index.js';

/** A new dated rate: from `effectiveFrom` (tomorrow at the earliest) on, `feeClass` pays `amountVnd`. */
export class AddTariffRowDto implements TariffRow {
  @ApiProperty({ enum: FEE_CLASSES }) @IsIn(FEE_CLASSES) feeClass: FeeClass;

  @ApiProperty({ example: '2027-01-01', description: 'Local day (Asia/Ho_Chi_Minh) from which the rate applies' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveDateFormat' })
  effectiveFrom: string;

  @ApiProperty({ example: 4_000_000, description: 'Whole VND' })
  @IsInt()
  @Min(1)
  @Max(MAX_FEE_VND)
  amountVnd: number;

  @ApiProperty({ example: 'Nghị quyết số …/2026/NQ-HĐND tỉnh Lạng Sơn' })
  @IsString()
  @Length(3, 300)
  source: string;
}

/** One dated rate of the tariff as the API shows it. */
export class TariffRowView implements TariffRow {
  @ApiProperty({ enum: FEE_CLASSES }) feeClass: FeeClass;
  effectiveFrom: string;
  amountVnd: number;
  source: string;
  createdAt: string;
  /** True for the row each class pays today. */
  current: boolean;
}

/** The fee a vehicle owes for its trip, priced on the day its declaration was filed. */
export class FeeDueView implements FeeDue {
  @ApiProperty({ enum: FEE_CLASSES }) feeClass: FeeClass;
  amountVnd: number;
  effectiveFrom: string;
}
