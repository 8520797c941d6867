import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { PlatformMetrics } from '#libs/runtime/src/platform-metrics.js';
import { OutboxRelay, type EventSink } from './outbox-relay.js';

/**
 * A service's relay, started with the application and stopped (after its current batches) when shutdown
 * begins, before the HTTP server closes: its requests, some to this very process, must not keep it open.
 */
export class ManagedOutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly enabled: boolean,
  ) {}

  /** Delivers now rather than at the next poll: called once a transaction that wrote events has committed. */
  poke(): void {
    this.relay.poke();
  }

  onApplicationBootstrap(): void {
    if (this.enabled) this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

/** Provides `token` as the relay of the service whose connection is `database`, delivering to `sinks(config)`. */
export function outboxRelayProvider(
  token: symbol,
  database: string,
  sinks: (c: PlatformConfig) => EventSink[],
): Provider {
  return {
    provide: token,
    inject: [getDataSourceToken(database), PLATFORM_CONFIG, PlatformMetrics],
    useFactory: (ds: DataSource, config: PlatformConfig, metrics: PlatformMetrics) => {
      const logger = new Logger(`OutboxRelay:${database}`);
      const relay = new OutboxRelay(ds, sinks(config), {
        producer: database,
        log: (m) => logger.warn(m),
        onDelivered: (sink, n) => metrics.eventsDelivered.inc({ service: database, sink }, n),
      });
      metrics.registerOutbox(database, () => relay.backlog());
      return new ManagedOutboxRelay(relay, config.outboxRelay);
    },
  };
}
