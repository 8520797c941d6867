import { Injectable } from '@nestjs/common';
import { GateRepository } from './gate.repository.js';

/** The gates declarations can be filed for; configuration lives in the yard-queue service and arrives by events. */
@Injectable()
export class GateDirectory {
  constructor(private readonly gates: GateRepository) {}

  // Gates are added, never removed: a known code can be remembered for the life of the process.
  private readonly known = new Set<string>();

  async exists(code: string): Promise<boolean> {
    if (this.known.has(code)) return true;
    const found = await this.gates.find(code);
    if (found) this.known.add(code);
    return found !== null;
  }

  async unknownCodes(codes: string[]): Promise<string[]> {
    const known = await this.gates.knownCodes(codes);
    return codes.filter((c) => !known.has(c));
  }
}
