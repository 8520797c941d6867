import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { FeeClass } from '#libs/domain/src/index.js';

/** One dated rate of the infrastructure fee; rows are only ever added (see its migration). */
@Entity({ name: 'fee_tariffs' })
@Check(
  'fee_tariffs_fee_class_check',
  "(fee_class = ANY (ARRAY['UNDER_2T'::text, 'FROM_2T_TO_10T'::text, 'FROM_10T_TO_20T'::text, 'OVER_20T'::text, 'CONTAINER_20FT'::text, 'CONTAINER_40FT'::text]))",
)
@Check('fee_tariffs_amount_vnd_check', '(amount_vnd > 0)')
export class FeeTariff {
  @PrimaryColumn('text', { name: 'fee_class', primaryKeyConstraintName: 'fee_tariffs_pkey' })
  feeClass: FeeClass;

  @PrimaryColumn('date', { name: 'effective_from', primaryKeyConstraintName: 'fee_tariffs_pkey' })
  effectiveFrom: string;

  @Column('bigint', { name: 'amount_vnd' })
  amountVnd: string;

  @Column('text')
  source: string;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
