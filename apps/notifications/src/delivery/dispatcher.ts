import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { retryDelayMs } from '#libs/domain/src/index.js';
import type { ManagedOutboxRelay } from '#libs/events/src/index.js';
import { NOTIFICATIONS_RELAY } from '../events/notifications-relay.js';
import { DeliveryFailure } from '../channels/channel.js';
import { NoticePlanner } from './notice-planner.js';
import { type AttemptOutcome, type ClaimedMessage, NotificationRepository } from './notification.repository.js';
import { ProviderChannels } from './provider-channels.js';

/** Messages sent at once per round. */
const BATCH = 50;

/**
 * Delivers the messages table like an outbox: claims due messages under a lease (several replicas never send the
 * same one), sends each through its channel, and records the outcome — sent, retried with exponential backoff
 * (a 429's Retry-After honoured; 5xx, timeouts and refused connections retried) or failed for good (a permanent
 * 4xx, or `maxAttempts` reached). It also escalates calls nobody confirmed receiving in time. Shutdown waits for
 * the round in flight, so a restart does not leave a sent message unrecorded.
 */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A poke came during a round: the next round starts at once instead of after the poll interval. */
  private poked = false;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly repo: NotificationRepository,
    private readonly channels: ProviderChannels,
    private readonly planner: NoticePlanner,
    @Inject(NOTIFICATIONS_RELAY) private readonly relay: ManagedOutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.outboxRelay) return;
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** New messages were committed: send them now rather than at the next poll. */
  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  /** One round: escalations due, then one batch of due messages. Returns how many messages it handled. */
  async round(): Promise<number> {
    const escalated = await this.repo.escalateDue(this.clock.now(), (tx, w) =>
      this.planner.callUnreached(tx, w.vehicleId, w.calledAt),
    );
    if (escalated > 0) this.relay.poke();
    // A lease longer than any one attempt can take: a message still leased is being sent by a live dispatcher.
    const leaseMs = this.config.notifications.requestTimeoutMs * 3 + 5000;
    const due = await this.repo.claimDue(BATCH, this.clock.now(), leaseMs);
    const outcomes = await Promise.all(due.map((m) => this.attempt(m)));
    // Recorded together: the round's sends are done, and one commit costs less than one per message.
    await this.repo.recordAttempts(outcomes, this.clock.now());
    return due.length;
  }

  private async attempt(m: ClaimedMessage): Promise<AttemptOutcome> {
    const channel = this.channels.get(m.channel);
    if (!channel) return { id: m.id, error: `kênh ${m.channel} chưa được cấu hình`, retryAt: null };
    try {
      const receipt = await channel.send({ ...m });
      return { id: m.id, providerId: receipt.providerId, delivered: receipt.delivered };
    } catch (e) {
      const f = e instanceof DeliveryFailure ? e : new DeliveryFailure('retry', (e as Error).message);
      const n = this.config.notifications;
      const retry = f.kind === 'retry' && m.attempts < n.maxAttempts;
      const retryAt = retry
        ? new Date(this.clock.now().getTime() + retryDelayMs(m.attempts, n.retryBaseMs, f.retryAfterMs))
        : null;
      if (!retry) this.logger.warn(`message ${m.id} (${m.channel}) failed: ${f.message}`);
      return { id: m.id, error: f.message, retryAt };
    }
  }

  private async run(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      let handled = 0;
      this.poked = false;
      try {
        handled = await this.round();
        backoff = 0;
      } catch (e) {
        backoff = Math.min(5000, backoff ? backoff * 2 : 100);
        this.logger.warn(`notification round failed: ${(e as Error).message}; retry in ${backoff} ms`);
      }
      if (!this.running) break;
      if (handled === BATCH || (this.poked && backoff === 0)) continue;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
        const timer = setTimeout(done, backoff || 200);
        this.wake = done;
      });
    }
  }
}
