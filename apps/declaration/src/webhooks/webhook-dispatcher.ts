import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { webhookRetryDelayMs } from '#libs/domain/src/index.js';
import { webhookBody } from '#libs/events/src/index.js';
import { type ClaimedDelivery, WebhookRepository } from './webhook.repository.js';

/** Deliveries attempted at once by one replica (each a different vehicle, or a different subscription). */
const BATCH = 32;
/** A receiver that has not answered by then has failed this attempt. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Sends firms' webhook deliveries: signed in the Standard Webhooks format (`webhook-id` = the message id, the
 * same on every attempt; `webhook-timestamp`; `webhook-signature: v1,<base64 HMAC-SHA256>`), a 2xx answer
 * ends the delivery, anything else is tried again after a doubling wait, until the receiver answers or the
 * event is older than WEBHOOK_GIVE_UP_HOURS. Only the earliest pending event of a vehicle is ever attempted,
 * so a receiver sees each vehicle's events in order. Safe on every replica: a delivery is leased by one.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookDispatcher');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly repo: WebhookRepository,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhooks.dispatch) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .catch((e: Error) => this.logger.warn(`delivery round failed: ${e.message}`))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.config.webhooks.pollMs);
  }

  /** Sends everything due, batch after batch (each delivered event lets its vehicle's next one through). */
  private async drain(): Promise<void> {
    while (!this.stopped) {
      const claimed = await this.repo.claim(BATCH);
      if (claimed.length === 0) return;
      await Promise.all(claimed.map((c) => this.send(c)));
    }
  }

  private async send(c: ClaimedDelivery): Promise<void> {
    const body = webhookBody(c.message);
    // The receiver checks the timestamp against its own clock: the wall clock of this attempt, not business time.
    const now = new Date();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'cua-khau-so-webhooks/1',
      'webhook-id': c.message.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(c.secret).sign(c.message.id, now, body),
    };
    let status: number | null = null;
    let error: string;
    try {
      const res = await fetch(c.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      status = res.status;
      await res.body?.cancel();
      if (res.ok) return await this.repo.delivered(c.id, res.status);
      error = `HTTP ${res.status}`;
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      error = cause ? `${(e as Error).message} (${cause})` : (e as Error).message;
    }
    const w = this.config.webhooks;
    // The event's age on the clock that stamped it (the platform's), not the database's.
    const giveUp = this.clock.now().getTime() - Date.parse(c.message.timestamp) > w.giveUpHours * 3_600_000;
    await this.repo.failed(
      c.id,
      status,
      error,
      webhookRetryDelayMs(c.attempts, w.retryBaseMs, w.retryMaxMs, Math.random()),
      giveUp,
    );
  }
}
