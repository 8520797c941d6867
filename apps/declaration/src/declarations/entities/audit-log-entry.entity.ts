import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditAction, AuditStatus } from '../declaration.types.js';

/**
 * One line of the append-only audit log. The database refuses UPDATE, DELETE and TRUNCATE on the table
 * (trigger `audit_log_no_change`, created by the migration: an entity cannot describe it).
 */
@Entity({ name: 'audit_log' })
@Index('audit_log_declaration', ['declarationId', 'id'])
export class AuditLogEntry {
  /** bigint arrives from pg as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'audit_log_pkey' })
  id: string;

  @Column('uuid', { name: 'declaration_id' })
  declarationId: string;

  @Column('uuid', { name: 'vehicle_id', nullable: true })
  vehicleId: string | null;

  @Column('text')
  action: AuditAction;

  @Column('text', { name: 'from_status', nullable: true })
  fromStatus: AuditStatus | null;

  @Column('text', { name: 'to_status', nullable: true })
  toStatus: AuditStatus | null;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'actor_role' })
  actorRole: string;

  @Column('text', { nullable: true })
  console: string | null;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('timestamptz')
  at: Date;
}
