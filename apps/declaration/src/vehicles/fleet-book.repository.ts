import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DriverDocumentType, FeeClass, Language, Nationality } from '#libs/domain/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';
import type { VehicleContent } from '../declarations/declaration.types.js';
import type { FleetBookDriverView, FleetBookView } from './fleet-book.dto.js';

/** How many entries of each kind the form is offered: a firm's book, not its history. */
const BOOK_SIZE = 1000;

interface DriverRow {
  document_type: DriverDocumentType;
  document_number: string;
  name: string;
  phone: string;
  language: Language;
  last_filed_at: Date;
}

interface VehicleRow {
  plate_key: string;
  plate: string;
  trailer_plate: string | null;
  nationality: Nationality;
  fee_class: FeeClass;
  last_filed_at: Date;
  driver: DriverRow | null;
}

const driverView = (r: DriverRow): FleetBookDriverView => ({
  name: r.name,
  document: { type: r.document_type, number: r.document_number },
  phone: r.phone,
  language: r.language,
  lastFiledAt: new Date(r.last_filed_at).toISOString(),
});

/** A firm's book of trucks and drivers: read and pruned by the firm. */
@Injectable()
export class FleetBookRepository {
  constructor(@InjectDataSource(DECLARATION_DB) private readonly ds: DataSource) {}

  async book(firmId: string): Promise<FleetBookView> {
    const drivers = await this.ds.query<DriverRow[]>(
      `SELECT document_type, document_number, name, phone, language, last_filed_at FROM fleet_book_drivers
       WHERE firm_id = $1 ORDER BY last_filed_at DESC, name LIMIT $2`,
      [firmId, BOOK_SIZE],
    );
    const vehicles = await this.ds.query<VehicleRow[]>(
      `SELECT v.plate_key, v.plate, v.trailer_plate, v.nationality, v.fee_class, v.last_filed_at,
              CASE WHEN d.firm_id IS NULL THEN NULL ELSE to_jsonb(d) END AS driver
       FROM fleet_book_vehicles v
       LEFT JOIN fleet_book_drivers d ON d.firm_id = v.firm_id AND d.document_type = v.driver_document_type
         AND d.document_number = v.driver_document_number
       WHERE v.firm_id = $1 ORDER BY v.last_filed_at DESC, v.plate_key LIMIT $2`,
      [firmId, BOOK_SIZE],
    );
    return {
      vehicles: vehicles.map((r) => ({
        plate: r.plate,
        plateKey: r.plate_key,
        trailerPlate: r.trailer_plate,
        nationality: r.nationality,
        feeClass: r.fee_class,
        driver: r.driver ? driverView(r.driver) : null,
        lastFiledAt: r.last_filed_at.toISOString(),
      })),
      drivers: drivers.map(driverView),
    };
  }

  /** False when the firm has no such truck in its book. */
  async removeVehicle(firmId: string, plateKey: string): Promise<boolean> {
    const [, n] = await this.ds.query<[unknown, number]>(
      'DELETE FROM fleet_book_vehicles WHERE firm_id = $1 AND plate_key = $2',
      [firmId, plateKey],
    );
    return n > 0;
  }

  /** False when the firm has no such driver in its book. */
  async removeDriver(firmId: string, type: string, number: string): Promise<boolean> {
    const [, n] = await this.ds.query<[unknown, number]>(
      'DELETE FROM fleet_book_drivers WHERE firm_id = $1 AND document_type = $2 AND document_number = $3',
      [firmId, type, number],
    );
    return n > 0;
  }
}

/**
 * The book's writes in a submission's transaction: every truck and driver of the declaration, added or brought
 * up to date. Rows are written in key order, so two submissions of one firm sharing drivers cannot deadlock.
 */
export class FleetBookEntries {
  constructor(private readonly em: EntityManager) {}

  async remember(firmId: string, vehicles: VehicleContent[], at: Date): Promise<void> {
    const drivers = new Map(
      vehicles.map((v) => [
        `${v.driver.document.type} ${v.driver.document.number}`,
        {
          type: v.driver.document.type,
          number: v.driver.document.number,
          name: v.driver.name,
          phone: v.driver.phone,
          language: v.driverLanguage ?? 'vi',
        },
      ]),
    );
    const sortedDrivers = [...drivers.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => d);
    await this.em.query(
      `INSERT INTO fleet_book_drivers (firm_id, document_type, document_number, name, phone, language, last_filed_at)
       SELECT $1, x.type, x.number, x.name, x.phone, x.language, $3
       FROM jsonb_to_recordset($2::jsonb) AS x(type text, number text, name text, phone text, language text)
       ON CONFLICT (firm_id, document_type, document_number) DO UPDATE SET name = EXCLUDED.name,
         phone = EXCLUDED.phone, language = EXCLUDED.language, last_filed_at = EXCLUDED.last_filed_at`,
      [firmId, JSON.stringify(sortedDrivers), at],
    );
    const trucks = [...vehicles]
      .sort((a, b) => (a.plateKey < b.plateKey ? -1 : 1))
      .map((v) => ({
        plateKey: v.plateKey,
        plate: v.plate,
        trailerPlate: v.trailerPlate,
        nationality: v.nationality,
        feeClass: v.feeClass,
        type: v.driver.document.type,
        number: v.driver.document.number,
      }));
    await this.em.query(
      `INSERT INTO fleet_book_vehicles (firm_id, plate_key, plate, trailer_plate, nationality, fee_class,
         driver_document_type, driver_document_number, last_filed_at)
       SELECT $1, x."plateKey", x.plate, x."trailerPlate", x.nationality, x."feeClass", x.type, x.number, $3
       FROM jsonb_to_recordset($2::jsonb)
         AS x("plateKey" text, plate text, "trailerPlate" text, nationality text, "feeClass" text, type text, number text)
       ON CONFLICT (firm_id, plate_key) DO UPDATE SET plate = EXCLUDED.plate, trailer_plate = EXCLUDED.trailer_plate,
         nationality = EXCLUDED.nationality, fee_class = EXCLUDED.fee_class,
         driver_document_type = EXCLUDED.driver_document_type,
         driver_document_number = EXCLUDED.driver_document_number, last_filed_at = EXCLUDED.last_filed_at`,
      [firmId, JSON.stringify(trucks), at],
    );
  }
}
