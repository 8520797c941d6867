import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WaitingYard } from '#libs/domain/src/index.js';

/** A gate declarations can be filed for: a copy of the yard-queue service's, kept in step by its events. */
@Entity({ name: 'gates' })
export class Gate {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'gates_pkey' })
  code: string;

  @Column('text')
  name: string;

  @Column('boolean', { name: 'auto_accept', default: false })
  autoAccept: boolean;

  /** The waiting yards a declaration for this gate picks from (its `yard` is one of their codes). */
  @Column('jsonb', { default: () => "'[]'" })
  yards: WaitingYard[];
}
