import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In } from 'typeorm';
import type { WaitingYard } from '#libs/domain/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';
import { Gate } from './entities/gate.entity.js';

export interface KnownGate {
  code: string;
  name: string;
  autoAccept: boolean;
  yards: WaitingYard[];
}

export const knownGate = (g: Gate): KnownGate => ({
  code: g.code,
  name: g.name,
  autoAccept: g.autoAccept,
  yards: g.yards,
});

/** The gates this service knows of (a copy of the yard-queue service's, kept in step by its events). */
@Injectable()
export class GateRepository {
  constructor(@InjectDataSource(DECLARATION_DB) private readonly ds: DataSource) {}

  async find(code: string): Promise<KnownGate | null> {
    const g = await this.ds.getRepository(Gate).findOneBy({ code });
    return g ? knownGate(g) : null;
  }

  /** The codes of those given that name a known gate. */
  async knownCodes(codes: string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await this.ds.getRepository(Gate).find({ select: { code: true }, where: { code: In(codes) } });
    return new Set(rows.map((r) => r.code));
  }
}
