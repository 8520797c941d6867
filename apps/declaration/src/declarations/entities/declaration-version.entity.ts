import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../identity/entities/user.entity.js';
import type { DeclarationContent } from '../declaration.types.js';
import { Declaration } from './declaration.entity.js';

/** One version of a declaration's content: every amendment adds one, none is ever overwritten. */
@Entity({ name: 'declaration_versions' })
export class DeclarationVersion {
  @PrimaryColumn('uuid', { name: 'declaration_id', primaryKeyConstraintName: 'declaration_versions_pkey' })
  declarationId: string;

  @PrimaryColumn('int', { primaryKeyConstraintName: 'declaration_versions_pkey' })
  version: number;

  @ManyToOne(() => Declaration, { nullable: false })
  @JoinColumn({ name: 'declaration_id', foreignKeyConstraintName: 'declaration_versions_declaration_id_fkey' })
  declaration?: Declaration;

  @Column('jsonb')
  content: DeclarationContent;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @ManyToOne(() => User, { nullable: false })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'declaration_versions_created_by_fkey' })
  creator?: User;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
