import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { VehicleState } from '#libs/domain/src/index.js';
import type { QueueInfo } from '../declaration.types.js';
import { Declaration } from './declaration.entity.js';

/** A vehicle of a declaration, with its live state; its other details are in the declaration's versions. */
@Entity({ name: 'vehicles' })
@Index('vehicles_plate', ['plateKey'])
@Index('vehicles_trailer', ['trailerPlateKey'])
@Index('vehicles_declaration', ['declarationId', 'ordinal'])
// One live declaration per tractor: a plate cannot be filed again while it is submitted, accepted or queued.
@Index('vehicles_one_active_per_plate', ['plateKey'], {
  unique: true,
  where: `NOT removed AND status IN ('SUBMITTED','ACCEPTED','CHECKED_IN','CALLED','AT_GATE','HELD','CLEARED')`,
})
export class Vehicle {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'vehicles_pkey' })
  id: string;

  @Column('uuid', { name: 'declaration_id' })
  declarationId: string;

  @ManyToOne(() => Declaration, { nullable: false })
  @JoinColumn({ name: 'declaration_id', foreignKeyConstraintName: 'vehicles_declaration_id_fkey' })
  declaration?: Declaration;

  @Column('int')
  ordinal: number;

  @Column('text', { name: 'plate_key' })
  plateKey: string;

  @Column('text')
  plate: string;

  @Column('text', { name: 'trailer_plate_key', nullable: true })
  trailerPlateKey: string | null;

  @Column('text')
  status: VehicleState;

  /** Left out of the current version by an amendment (kept for the audit trail). */
  @Column('boolean', { default: false })
  removed: boolean;

  /** Where the vehicle is in the yard queue, as last reported by the yard-queue service. */
  @Column('jsonb', { nullable: true })
  queue: QueueInfo | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
