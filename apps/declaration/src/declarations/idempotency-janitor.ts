import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { DeclarationRepository } from './declaration.repository.js';

/** Idempotency keys are kept 48 hours (the promise is at least 24), then purged hourly. */
export const IDEMPOTENCY_RETENTION_HOURS = 48;

@Injectable()
export class IdempotencyJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: DeclarationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge().catch(() => undefined), 3600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  purge(): Promise<number> {
    return this.repo.purgeIdempotencyKeys(
      new Date(this.clock.now().getTime() - IDEMPOTENCY_RETENTION_HOURS * 3600_000),
    );
  }
}
