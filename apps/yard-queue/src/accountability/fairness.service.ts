import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { type Language, orderChangePhrase, rate } from '#libs/domain/src/index.js';
import { AppError, renderRefusal } from '#libs/errors/src/index.js';
import type { FairnessLedgerView } from './fairness.dto.js';
import { FairnessRepository } from './fairness.repository.js';

const PERIOD_DAYS = 30;
const CHANGES_HOURS = 24;
const CHANGES_LIMIT = 500;
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The public fairness ledger of a gate: its queue, why its order changed, and how reliable each firm was. */
@Injectable()
export class FairnessService {
  constructor(
    private readonly repo: FairnessRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `lang`: the language of the reasons' words. */
  async ledger(gate: string, lang: Language): Promise<FairnessLedgerView> {
    if (!(await this.repo.gateExists(gate))) throw AppError.notFound('gateNotFound', { gate });
    const now = this.clock.now();
    const [queue, changes, firms] = await Promise.all([
      this.repo.queue(gate),
      this.repo.changes(gate, new Date(now.getTime() - CHANGES_HOURS * 3600_000), CHANGES_LIMIT),
      this.repo.firms(gate, new Date(now.getTime() - PERIOD_DAYS * 86_400_000)),
    ]);
    return {
      gate,
      generatedAt: now.toISOString(),
      queue: queue.map((q) => ({
        plate: q.plate,
        direction: q.direction,
        status: q.status,
        checkedInAt: q.checked_in_at.toISOString(),
        position: q.position,
        windowStart: iso(q.window_start),
      })),
      changes: changes.map((c) => ({
        at: c.at.toISOString(),
        plate: c.plate,
        direction: c.direction,
        reason: c.reason,
        reasonText: renderRefusal(orderChangePhrase(c.reason), lang),
        windowBefore: iso(c.window_before),
        windowAfter: iso(c.window_after),
        position: c.position,
        version: Number(c.version),
      })),
      changesHours: CHANGES_HOURS,
      firms: firms.map((f) => ({
        firmName: f.firm_name,
        stays: f.stays,
        noShows: f.no_shows,
        cancellations: f.cancellations,
        noShowRate: rate(f.no_shows, f.stays),
        cancellationRate: rate(f.cancellations, f.stays),
      })),
      periodDays: PERIOD_DAYS,
    };
  }
}
