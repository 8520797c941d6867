import { Injectable } from '@nestjs/common';
import type { WaitingYard } from '#libs/domain/src/index.js';
import { GateRepository } from './gate.repository.js';

/** The gates declarations can be filed for; configuration lives in the yard-queue service and arrives by events. */
@Injectable()
export class GateDirectory {
  constructor(private readonly gates: GateRepository) {}

  /** The gate's waiting yards to pick from; null for an unknown gate. Read each time: an administrator edits them. */
  async yards(code: string): Promise<WaitingYard[] | null> {
    return (await this.gates.find(code))?.yards ?? null;
  }

  async unknownCodes(codes: string[]): Promise<string[]> {
    const known = await this.gates.knownCodes(codes);
    return codes.filter((c) => !known.has(c));
  }
}
