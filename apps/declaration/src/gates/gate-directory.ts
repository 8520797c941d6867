import { Injectable } from '@nestjs/common';
import type { WaitingYard } from '#libs/domain/src/index.js';
import { GateRepository } from './gate.repository.js';

/** A gate's waiting yards as read, and whether they came from this process's memory (possibly stale). */
export interface GateYards {
  yards: WaitingYard[] | null;
  remembered: boolean;
}

/** The gates declarations can be filed for; configuration lives in the yard-queue service and arrives by events. */
@Injectable()
export class GateDirectory {
  /** The yards of each known gate as this process last read them. Unknown codes are never kept. */
  private readonly remembered = new Map<string, WaitingYard[]>();

  constructor(private readonly gates: GateRepository) {}

  /**
   * The gate's waiting yards to pick from; null for an unknown gate. From memory once read: an administrator's
   * edit reaches this table through the yard's events (the consumer may run in another replica), so what is
   * remembered can be stale. Whoever files with these yards has the write check them (`create_declaration` is
   * called only while the gate still has exactly these yards) and reads them afresh (`freshYards`) before
   * refusing a filing over them.
   */
  async yards(code: string): Promise<GateYards> {
    const kept = this.remembered.get(code);
    if (kept) return { yards: kept, remembered: true };
    return { yards: await this.freshYards(code), remembered: false };
  }

  /** The gate's waiting yards as the table holds them now; remembered for the next filing. */
  async freshYards(code: string): Promise<WaitingYard[] | null> {
    const yards = (await this.gates.find(code))?.yards ?? null;
    if (yards) this.remembered.set(code, yards);
    else this.remembered.delete(code);
    return yards;
  }

  async unknownCodes(codes: string[]): Promise<string[]> {
    const known = await this.gates.knownCodes(codes);
    return codes.filter((c) => !known.has(c));
  }
}
