import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { DeclarationRepository } from './declaration.repository.js';
import { DeclarationService } from './declaration.service.js';

/** A change older than this without a decision lost its request (a crash, the yard down): asked again. */
const STALLED_AFTER_MS = 10_000;

/**
 * Finishes firms' changes the yard has not been heard on: asks the yard again (it answers a request it
 * already decided with the same decision) and applies or refuses the change here. Safe on every replica.
 */
@Injectable()
export class HandoffSweeper {
  private readonly logger = new Logger('HandoffSweeper');
  private running = false;

  constructor(
    private readonly repo: DeclarationRepository,
    private readonly declarations: DeclarationService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Interval('yard-handoffs', 5000)
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let settled = 0;
    try {
      const stalled = await this.repo.stalledHandoffs(new Date(this.clock.now().getTime() - STALLED_AFTER_MS), 50);
      for (const h of stalled) {
        try {
          await this.declarations.resumeHandoff(h.id);
          settled++;
        } catch (e) {
          // A refusal is a decision too (recorded and in the audit log); the yard still down is tried again later.
          if (e instanceof AppError && e.code === 'CONFLICT') settled++;
          else if (!(e instanceof AppError && e.code === 'DEPENDENCY_DOWN')) throw e;
        }
      }
    } catch (e) {
      this.logger.warn(`sweep failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
    return settled;
  }
}
