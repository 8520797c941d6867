import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A gate declarations can be filed for: a copy of the yard-queue service's, kept in step by its events. */
@Entity({ name: 'gates' })
export class Gate {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'gates_pkey' })
  code: string;

  @Column('text')
  name: string;

  @Column('boolean', { name: 'auto_accept', default: false })
  autoAccept: boolean;
}
