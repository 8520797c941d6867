import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { HandoffKind, VehicleHandoffDecision } from '#libs/events/src/index.js';

/** One decision of the yard on a firm's amendment or cancellation of vehicles it owns. */
@Entity({ name: 'vehicle_handoffs' })
@Check('vehicle_handoffs_kind_check', "(kind = ANY (ARRAY['amend'::text, 'cancel'::text]))")
@Check('vehicle_handoffs_outcome_check', "(outcome = ANY (ARRAY['APPLIED'::text, 'REFUSED'::text]))")
export class VehicleHandoffEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'vehicle_handoffs_pkey' })
  id: string;

  @Column('uuid', { name: 'declaration_id' })
  declarationId: string;

  @Column('text')
  kind: HandoffKind;

  @Column('int')
  version: number;

  @Column('text')
  outcome: VehicleHandoffDecision['outcome'];

  @Column('jsonb')
  decision: VehicleHandoffDecision;

  @Column('timestamptz', { name: 'decided_at' })
  decidedAt: Date;
}
