import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Firm } from '../../identity/entities/firm.entity.js';

/** A driver the firm has filed, by document: the details of the latest filing. */
@Entity({ name: 'fleet_book_drivers' })
export class FleetBookDriver {
  @PrimaryColumn('uuid', { name: 'firm_id', primaryKeyConstraintName: 'fleet_book_drivers_pkey' })
  firmId: string;

  @ManyToOne(() => Firm, { nullable: false })
  @JoinColumn({ name: 'firm_id', foreignKeyConstraintName: 'fleet_book_drivers_firm_id_fkey' })
  firm?: Firm;

  @PrimaryColumn('text', { name: 'document_type', primaryKeyConstraintName: 'fleet_book_drivers_pkey' })
  documentType: string;

  @PrimaryColumn('text', { name: 'document_number', primaryKeyConstraintName: 'fleet_book_drivers_pkey' })
  documentNumber: string;

  @Column('text')
  name: string;

  @Column('text')
  phone: string;

  @Column('text')
  language: string;

  @Column('timestamptz', { name: 'last_filed_at' })
  lastFiledAt: Date;
}

/** A truck the firm has filed, by plate, with the driver it last went with. */
@Entity({ name: 'fleet_book_vehicles' })
export class FleetBookVehicle {
  @PrimaryColumn('uuid', { name: 'firm_id', primaryKeyConstraintName: 'fleet_book_vehicles_pkey' })
  firmId: string;

  @ManyToOne(() => Firm, { nullable: false })
  @JoinColumn({ name: 'firm_id', foreignKeyConstraintName: 'fleet_book_vehicles_firm_id_fkey' })
  firm?: Firm;

  @PrimaryColumn('text', { name: 'plate_key', primaryKeyConstraintName: 'fleet_book_vehicles_pkey' })
  plateKey: string;

  @Column('text')
  plate: string;

  @Column('text', { name: 'trailer_plate', nullable: true })
  trailerPlate: string | null;

  @Column('text')
  nationality: string;

  @Column('text', { name: 'fee_class' })
  feeClass: string;

  @Column('text', { name: 'driver_document_type' })
  driverDocumentType: string;

  @Column('text', { name: 'driver_document_number' })
  driverDocumentNumber: string;

  @Column('timestamptz', { name: 'last_filed_at' })
  lastFiledAt: Date;
}
