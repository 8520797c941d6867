import type { AnyEventEnvelope, EventType } from './contracts.js';
import { internalEventsPath } from './internal-events.controller.js';
import type { EventSink } from './outbox-relay.js';

/** Delivers events to another service's internal events endpoint, authenticated by the internal token. */
export class HttpEventSink implements EventSink {
  constructor(
    /** The receiving service, which names its endpoint. */
    readonly name: string,
    private readonly baseUrl: string,
    private readonly token: string,
    readonly types: readonly EventType[],
    private readonly timeoutMs = 10000,
  ) {}

  async deliver(events: AnyEventEnvelope[]): Promise<void> {
    const res = await fetch(new URL(internalEventsPath(this.name), this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok)
      throw new Error(
        `${this.name} refused ${events.length} events: HTTP ${res.status} ${await res.text().catch(() => '')}`,
      );
  }
}
