import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { QueueService } from './queue.service.js';

/**
 * Every 30 s: called vehicles past their grace period become no-shows, released places are filled, and the
 * estimates follow the clock.
 */
const SWEEP_INTERVAL_MS = 30_000;

@Injectable()
export class QueueSweeper implements OnApplicationShutdown {
  private running: Promise<void> | null = null;
  private readonly logger = new Logger('QueueSweeper');

  constructor(
    private readonly queue: QueueService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** One sweep at a time: a tick that finds the previous one still running lets it be. */
  @Interval('queue-sweep', SWEEP_INTERVAL_MS)
  tick(): void {
    if (this.config.queueSweeper && !this.running) this.running = this.sweep().finally(() => (this.running = null));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running;
  }

  async sweep(): Promise<void> {
    try {
      await this.queue.sweepNoShows();
      await this.queue.sweepReflow();
      await this.queue.sweepEtas();
    } catch (e) {
      this.logger.warn(`sweep failed: ${(e as Error).message}`);
    }
  }
}
