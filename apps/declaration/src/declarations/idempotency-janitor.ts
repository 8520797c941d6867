import { Inject, Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { DeclarationRepository } from './declaration.repository.js';

/** Idempotency keys are kept 48 hours (the promise is at least 24), then purged hourly. */
const IDEMPOTENCY_RETENTION_HOURS = 48;

@Injectable()
export class IdempotencyJanitor {
  constructor(
    private readonly repo: DeclarationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // A failed purge is retried at the next hour; the keys are only kept a little longer.
  @Interval('idempotency-purge', 3600_000)
  async purgeHourly(): Promise<void> {
    await this.purge().catch(() => undefined);
  }

  purge(): Promise<number> {
    return this.repo.purgeIdempotencyKeys(
      new Date(this.clock.now().getTime() - IDEMPOTENCY_RETENTION_HOURS * 3600_000),
    );
  }
}
