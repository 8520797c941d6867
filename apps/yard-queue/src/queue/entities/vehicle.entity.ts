import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Direction } from '#libs/domain/src/index.js';
import type { VehicleSnapshot } from '#libs/events/src/index.js';

export type ReplicaStatus = 'ACCEPTED' | 'WITHDRAWN';

/** The yard's copy of an accepted vehicle, kept from the declaration service's events. */
@Entity({ name: 'vehicles' })
@Index('vehicles_plate', ['plateKey'])
@Check('vehicles_status_check', "(status = ANY (ARRAY['ACCEPTED'::text, 'WITHDRAWN'::text]))")
export class VehicleEntity {
  @PrimaryColumn('uuid', { name: 'vehicle_id', primaryKeyConstraintName: 'vehicles_pkey' })
  vehicleId: string;

  @Column('uuid', { name: 'declaration_id' })
  declarationId: string;

  @Column('uuid', { name: 'firm_id' })
  firmId: string;

  @Column('text')
  gate: string;

  @Column('text')
  direction: Direction;

  @Column('text', { name: 'plate_key' })
  plateKey: string;

  @Column('jsonb')
  snapshot: VehicleSnapshot;

  @Column('text')
  status: ReplicaStatus;

  /** The declaration version the copy is from: an older event never overwrites a newer copy. */
  @Column('int', { name: 'declaration_version' })
  declarationVersion: number;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  /** When the yard first held this acceptance (set by the database at insert, never updated). */
  @Column('timestamptz', { name: 'received_at', default: () => 'clock_timestamp()' })
  receivedAt: Date;
}
