import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../identity/entities/user.entity.js';
import type { CorrectionRequestStatus } from '../declaration.types.js';
import { Declaration } from './declaration.entity.js';

/** Customs ask the firm to correct a declaration; the firm answers with an amendment, customs approve it. */
@Entity({ name: 'correction_requests' })
@Index('correction_requests_declaration', ['declarationId'])
@Check('correction_requests_status_check', `status IN ('OPEN','ANSWERED','APPROVED')`)
export class CorrectionRequest {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'correction_requests_pkey' })
  id: string;

  @Column('uuid', { name: 'declaration_id' })
  declarationId: string;

  @ManyToOne(() => Declaration, { nullable: false })
  @JoinColumn({ name: 'declaration_id', foreignKeyConstraintName: 'correction_requests_declaration_id_fkey' })
  declaration?: Declaration;

  @Column('text')
  message: string;

  @Column('text', { array: true, default: () => `'{}'` })
  fields: string[];

  @Column('text')
  status: CorrectionRequestStatus;

  @Column('uuid', { name: 'requested_by' })
  requestedBy: string;

  @ManyToOne(() => User, { nullable: false })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'correction_requests_requested_by_fkey' })
  requester?: User;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt: Date;

  @Column('int', { name: 'answered_version', nullable: true })
  answeredVersion: number | null;

  @Column('timestamptz', { name: 'answered_at', nullable: true })
  answeredAt: Date | null;

  @Column('uuid', { name: 'approved_by', nullable: true })
  approvedBy: string | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'approved_by', foreignKeyConstraintName: 'correction_requests_approved_by_fkey' })
  approver?: User | null;

  @Column('timestamptz', { name: 'approved_at', nullable: true })
  approvedAt: Date | null;
}
