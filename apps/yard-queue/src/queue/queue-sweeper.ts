import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { QueueService } from './queue.service.js';

/** Every 30 s: called vehicles past their grace period become no-shows, and released places are filled. */
export const SWEEP_INTERVAL_MS = 30_000;

@Injectable()
export class QueueSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly logger = new Logger('QueueSweeper');

  constructor(private readonly queue: QueueService) {}

  onApplicationBootstrap(): void {
    if (process.env.QUEUE_SWEEPER === 'off') return;
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweep().finally(() => (this.running = null));
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async sweep(): Promise<void> {
    try {
      await this.queue.sweepNoShows();
      await this.queue.sweepReflow();
    } catch (e) {
      this.logger.warn(`sweep failed: ${(e as Error).message}`);
    }
  }
}
