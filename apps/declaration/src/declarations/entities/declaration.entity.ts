import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { DeclarationStatus, Direction } from '#libs/domain/src/index.js';
import { Gate } from '../../gates/entities/gate.entity.js';
import { Firm } from '../../identity/entities/firm.entity.js';
import { User } from '../../identity/entities/user.entity.js';

/**
 * A firm's declaration. Its content lives in its versions; `currentVersion` names the one in force.
 * The migrations order `declarations_firm` and `declarations_gate_status` by `created_at DESC`, which an
 * entity index cannot say (TypeORM does not compare the order either).
 */
@Entity({ name: 'declarations' })
@Index('declarations_firm', ['firmId', 'createdAt'])
@Index('declarations_gate_status', ['gate', 'status', 'createdAt'])
@Check('declarations_direction_check', `direction IN ('EXPORT','IMPORT')`)
@Check('declarations_current_version_check', 'current_version >= 1')
export class Declaration {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'declarations_pkey' })
  id: string;

  /** TK<year>-<8 digits>, numbered from `declaration_number_seq`. */
  @Column('text', { unique: true })
  number: string;

  @Column('uuid', { name: 'firm_id' })
  firmId: string;

  @ManyToOne(() => Firm, { nullable: false })
  @JoinColumn({ name: 'firm_id', foreignKeyConstraintName: 'declarations_firm_id_fkey' })
  firm?: Firm;

  @Column('text')
  gate: string;

  @ManyToOne(() => Gate, { nullable: false })
  @JoinColumn({ name: 'gate', referencedColumnName: 'code', foreignKeyConstraintName: 'declarations_gate_fkey' })
  gateRow?: Gate;

  @Column('text')
  direction: Direction;

  @Column('text')
  status: DeclarationStatus;

  @Column('int', { name: 'current_version' })
  currentVersion: number;

  @Column('timestamptz', { name: 'expected_arrival' })
  expectedArrival: Date;

  @Column('text', { name: 'decision_reason', nullable: true })
  decisionReason: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @ManyToOne(() => User, { nullable: false })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'declarations_created_by_fkey' })
  creator?: User;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
