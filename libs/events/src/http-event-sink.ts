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

/**
 * A service a deployment may leave out (the live gateway, notifications) as a sink. Addressed at the sending
 * service's own origin (one process for all, or its URL not set) and answering that it is not hosted there (404),
 * there is nothing to feed: the batch counts as taken instead of holding back the sender's events for ever. A
 * service elsewhere is always retried until it answers.
 */
export class OptionalEventSink extends HttpEventSink {
  private warned = false;

  constructor(
    name: string,
    private readonly sameOrigin: boolean,
    baseUrl: string,
    token: string,
    types: readonly EventType[],
    private readonly warn: (message: string) => void,
  ) {
    super(name, baseUrl, token, types);
  }

  override async deliver(events: AnyEventEnvelope[]): Promise<void> {
    try {
      await super.deliver(events);
    } catch (e) {
      if (!this.sameOrigin || !/HTTP 404\b/.test((e as Error).message)) throw e;
      if (!this.warned)
        this.warn(`no ${this.name} service in this process and no URL set for it: events for it are dropped`);
      this.warned = true;
    }
  }
}

/**
 * Whether `target` is this service itself: one of its own addresses (how the others reach it, which may be a
 * proxy, or its public origin, where an unset target points).
 */
export function isOwnOrigin(target: string, ...own: string[]): boolean {
  const origin = new URL(target).origin;
  return own.some((o) => new URL(o).origin === origin);
}
