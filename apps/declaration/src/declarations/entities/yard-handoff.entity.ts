import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { HandoffKind, VehicleHandoffDecision, VehicleHandoffRequest } from '#libs/events/src/index.js';
import type { HandoffStatus, PendingChange } from '../declaration.types.js';
import { Declaration } from './declaration.entity.js';

/** A firm's change to vehicles the yard owns, asked of the yard and applied here only once it agreed. */
@Entity({ name: 'yard_handoffs' })
@Index('yard_handoffs_one_pending', ['declarationId'], { unique: true, where: "(status = 'PENDING'::text)" })
@Check('yard_handoffs_kind_check', "(kind = ANY (ARRAY['amend'::text, 'cancel'::text]))")
@Check('yard_handoffs_status_check', "(status = ANY (ARRAY['PENDING'::text, 'APPLIED'::text, 'REFUSED'::text]))")
export class YardHandoff {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'yard_handoffs_pkey' })
  id: string;

  @Column('uuid', { name: 'declaration_id' })
  declarationId: string;

  @ManyToOne(() => Declaration, { nullable: false })
  @JoinColumn({ name: 'declaration_id', foreignKeyConstraintName: 'yard_handoffs_declaration_id_fkey' })
  declaration?: Declaration;

  @Column('text')
  kind: HandoffKind;

  /** What the yard is asked (sent again as it is until the yard answers). */
  @Column('jsonb')
  request: VehicleHandoffRequest;

  /** What to apply here once the yard agrees: the amendment's content, or the cancel's reason, and who asked. */
  @Column('jsonb')
  change: PendingChange;

  @Column('text')
  status: HandoffStatus;

  @Column('jsonb', { nullable: true })
  decision: VehicleHandoffDecision | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;
}
