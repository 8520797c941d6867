import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** A firm that files declarations; its users see only its declarations. */
@Entity({ name: 'firms' })
@Check('firms_open_declarations_not_negative', '"open_declarations" >= 0')
export class Firm {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'firms_pkey' })
  id: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'tax_code', unique: true })
  taxCode: string;

  @Column('text')
  phone: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  /**
   * How many of the firm's declarations are open, as the per-firm cap counts them. Written only by the
   * database's triggers on `declarations`, never through this entity.
   */
  @Column({ type: 'int', name: 'open_declarations', default: 0, insert: false, update: false, select: false })
  openDeclarations: number;
}
