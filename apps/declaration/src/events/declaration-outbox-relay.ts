import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { HttpEventSink, OutboxRelay } from '#libs/events/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';

/** Relays this service's outbox to the yard-queue service, which keeps its own copy of accepted vehicles. */
@Injectable()
export class DeclarationOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;
  private readonly logger = new Logger('DeclarationOutboxRelay');

  constructor(@InjectDataSource(DECLARATION_DB) ds: DataSource, @Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    const sinks = config.eventTargets.yardQueue
      ? [
          new HttpEventSink('yard-queue', config.eventTargets.yardQueue, config.internalToken, [
            'declaration.accepted',
            'declaration.amended',
            'declaration.cancelled',
          ]),
        ]
      : [];
    this.relay = new OutboxRelay(ds, sinks, { producer: 'declaration', log: (m) => this.logger.warn(m) });
  }

  onApplicationBootstrap(): void {
    if (process.env.OUTBOX_RELAY !== 'off') this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
