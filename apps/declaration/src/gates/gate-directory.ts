import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DECLARATION_DB } from '../database/declaration-database.js';

export interface KnownGate {
  code: string;
  name: string;
  autoAccept: boolean;
}

/** The gates declarations can be filed for; configuration lives in the yard-queue service and arrives by events. */
@Injectable()
export class GateDirectory {
  constructor(@InjectDataSource(DECLARATION_DB) private readonly ds: DataSource) {}

  // Gates are added, never removed: a known code can be remembered for the life of the process.
  private readonly known = new Set<string>();

  async exists(code: string): Promise<boolean> {
    if (this.known.has(code)) return true;
    const found = await this.find(code);
    if (found) this.known.add(code);
    return found !== null;
  }

  async find(code: string, em: EntityManager = this.ds.manager): Promise<KnownGate | null> {
    const rows: { code: string; name: string; auto_accept: boolean }[] = await em.query(
      'SELECT code, name, auto_accept FROM gates WHERE code = $1',
      [code],
    );
    return rows[0] ? { code: rows[0].code, name: rows[0].name, autoAccept: rows[0].auto_accept } : null;
  }

  async unknownCodes(codes: string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows: { code: string }[] = await this.ds.query('SELECT code FROM gates WHERE code = ANY($1)', [codes]);
    const known = new Set(rows.map((r) => r.code));
    return codes.filter((c) => !known.has(c));
  }

  async upsert(gate: KnownGate, em: EntityManager): Promise<void> {
    await em.query(
      `INSERT INTO gates (code, name, auto_accept) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, auto_accept = EXCLUDED.auto_accept`,
      [gate.code, gate.name, gate.autoAccept],
    );
  }
}
