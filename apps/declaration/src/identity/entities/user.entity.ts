import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Role } from '#libs/domain/src/index.js';
import { Firm } from './firm.entity.js';

/** A firm's user or an officer; officers are scoped to gates, a firm's users to their firm. */
@Entity({ name: 'users' })
@Check('users_email_check', 'email = lower(email)')
@Check('users_role_check', `role IN ('FIRM','CUSTOMS','BORDER_GUARD','YARD_OPERATOR','ADMIN','LEADERSHIP')`)
@Check('users_check', `(role = 'FIRM') = (firm_id IS NOT NULL)`)
export class User {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'users_pkey' })
  id: string;

  @Column('text', { unique: true })
  email: string;

  @Column('text', { name: 'password_hash' })
  passwordHash: string;

  @Column('text', { name: 'full_name', default: '' })
  fullName: string;

  @Column('text')
  role: Role;

  @Column('uuid', { name: 'firm_id', nullable: true })
  firmId: string | null;

  @ManyToOne(() => Firm, { nullable: true })
  @JoinColumn({ name: 'firm_id', foreignKeyConstraintName: 'users_firm_id_fkey' })
  firm?: Firm | null;

  @Column('text', { array: true, default: () => `'{}'` })
  gates: string[];

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  /** Set by an administrator: the account can neither log in nor refresh, and its tokens were revoked. */
  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;
}
