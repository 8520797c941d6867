import { Injectable } from '@nestjs/common';
import type { AnyEventEnvelope, EventConsumer, EventEnvelope } from '#libs/events/src/index.js';
import { DECLARATION_UPDATE_KINDS, type DeclarationUpdateKind } from '#libs/live-client/src/protocol.js';
import { LiveFanout } from '../live/live-fanout.js';
import { QueueLogRepository } from '../live/queue-log.repository.js';
import { NeedsSnapshot, QueueProjector } from '../live/queue-projector.js';

/** `declaration.accepted` → `accepted`, for the declaration events a firm hears live; null for any other type. */
function declarationUpdateKind(type: string): DeclarationUpdateKind | null {
  const kind = type.replace(/^declaration\./, '');
  return type.startsWith('declaration.') && (DECLARATION_UPDATE_KINDS as readonly string[]).includes(kind)
    ? (kind as DeclarationUpdateKind)
    : null;
}

/**
 * Receives the yard-queue's relayed events (at least once, in order): each queue change is in the log
 * before the relay hears 204, then goes out to the consoles. A batch is one transaction. The declaration service's `user.revoked` events
 * update the gateway's copy of the token versions; its decisions on a firm's declarations go out to that firm's
 * sockets. Other event types are recorded and ignored.
 */
@Injectable()
export class QueueEventsConsumer implements EventConsumer {
  constructor(
    private readonly projector: QueueProjector,
    private readonly fanout: LiveFanout,
    private readonly repo: QueueLogRepository,
  ) {}

  async handle(events: AnyEventEnvelope[]): Promise<void> {
    let fresh: AnyEventEnvelope[] = [];
    let moved = new Map<string, number>();
    try {
      await this.repo.consumeBatch(events, async (tx, news) => {
        fresh = news;
        const changes = news.filter((e): e is EventEnvelope<'queue.changed'> => e.type === 'queue.changed');
        moved = await this.projector.applyBatch(tx, changes);
        for (const e of news)
          if (e.type === 'user.revoked')
            await tx.revokeTokens(e.payload.userId, e.payload.tokenVersion, new Date(e.occurredAt));
      });
    } catch (e) {
      // A version out of order or a copy that drifted: nothing was kept; one by one, with a snapshot where needed.
      if (!(e instanceof NeedsSnapshot)) throw e;
      return this.handleOneByOne(events);
    }
    for (const event of fresh) {
      const kind = declarationUpdateKind(event.type);
      if (!kind) continue;
      const { declarationId, firmId } = event.payload as { declarationId: string; firmId: string };
      this.fanout.notifyDeclaration(firmId, { declarationId, kind, at: event.occurredAt });
    }
    // Once per gate and batch (a burst is one notification).
    for (const [gate, version] of moved) this.fanout.announce(gate, version);
  }

  /** Each event in its own transaction, a snapshot taken where one cannot be applied in order. */
  private async handleOneByOne(events: AnyEventEnvelope[]): Promise<void> {
    const moved = new Map<string, number>();
    try {
      for (const event of events) {
        if (event.type === 'user.revoked') {
          await this.repo.revokeTokens(event);
          continue;
        }
        const kind = declarationUpdateKind(event.type);
        if (kind) {
          const { declarationId, firmId } = event.payload as { declarationId: string; firmId: string };
          if (await this.repo.recordIgnored(event))
            this.fanout.notifyDeclaration(firmId, { declarationId, kind, at: event.occurredAt });
          continue;
        }
        if (event.type !== 'queue.changed') {
          await this.repo.recordIgnored(event);
          continue;
        }
        const version = await this.projector.apply(event);
        if (version !== null) moved.set(event.payload.gate, version);
      }
    } finally {
      // Once per gate and batch (a burst is one notification), including what was applied before a failure.
      for (const [gate, version] of moved) this.fanout.announce(gate, version);
    }
  }
}
