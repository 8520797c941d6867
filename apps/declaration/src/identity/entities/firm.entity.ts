import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A firm that files declarations; its users see only its declarations. */
@Entity({ name: 'firms' })
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
}
