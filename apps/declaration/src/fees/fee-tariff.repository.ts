import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { FeeClass, TariffRow } from '#libs/domain/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';

export interface StoredTariffRow extends TariffRow {
  source: string;
  createdAt: Date;
}

interface Row {
  fee_class: FeeClass;
  effective_from: string;
  amount_vnd: string;
  source: string;
  created_at: Date;
}

/** The dated tariff: rows are read and added, never changed (the table's trigger refuses it). */
@Injectable()
export class FeeTariffRepository {
  constructor(@InjectDataSource(DECLARATION_DB) private readonly ds: DataSource) {}

  async all(): Promise<StoredTariffRow[]> {
    const rows = await this.ds.query<Row[]>(
      `SELECT fee_class, effective_from::text AS effective_from, amount_vnd, source, created_at
       FROM fee_tariffs ORDER BY fee_class, effective_from`,
    );
    return rows.map((r) => ({
      feeClass: r.fee_class,
      effectiveFrom: r.effective_from,
      // bigint arrives as text; rates are bounded far below 2^53 by the domain.
      amountVnd: Number(r.amount_vnd),
      source: r.source,
      createdAt: r.created_at,
    }));
  }

  /** Adds a row; false when the class already has one for that day (the primary key decides, race-free). */
  async add(row: TariffRow & { source: string }, by: string | null, at: Date): Promise<boolean> {
    const inserted = await this.ds.query<unknown[]>(
      `INSERT INTO fee_tariffs (fee_class, effective_from, amount_vnd, source, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (fee_class, effective_from) DO NOTHING RETURNING fee_class`,
      [row.feeClass, row.effectiveFrom, row.amountVnd, row.source, by, at],
    );
    return inserted.length === 1;
  }
}
