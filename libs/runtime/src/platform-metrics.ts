import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface QueueStat {
  gate: string;
  direction: string;
  waiting: number;
  oldestWaitSeconds: number;
}

/**
 * The process's Prometheus metrics. Services register sources (outbox lag, queue stats, sockets); the
 * gauges read them at scrape time, so the figures are current without a polling loop.
 */
@Injectable()
export class PlatformMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsDelivered: Counter<'service' | 'sink'>;
  private readonly outboxSources = new Map<string, () => Promise<number>>();
  private readonly queueSources: (() => Promise<QueueStat[]>)[] = [];
  private readonly socketSources: (() => number)[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.eventsDelivered = new Counter({ name: 'events_delivered_total', help: 'Events delivered by the outbox relays', labelNames: ['service', 'sink'], registers: [this.registry] });
    const outboxSources = this.outboxSources;
    new Gauge({
      name: 'outbox_lag_events',
      help: 'Events written but not yet delivered, per service',
      labelNames: ['service'],
      registers: [this.registry],
      async collect() {
        for (const [service, lag] of outboxSources) this.set({ service }, await lag().catch(() => NaN));
      },
    });
    const queueSources = this.queueSources;
    const stats = async () => (await Promise.all(queueSources.map((f) => f().catch(() => [])))).flat();
    new Gauge({
      name: 'queue_waiting_vehicles',
      help: 'Vehicles checked in and not yet called, per gate and direction',
      labelNames: ['gate', 'direction'],
      registers: [this.registry],
      async collect() {
        for (const s of await stats()) this.set({ gate: s.gate, direction: s.direction }, s.waiting);
      },
    });
    new Gauge({
      name: 'queue_oldest_wait_seconds',
      help: 'How long the longest-waiting vehicle has been in the yard, per gate and direction',
      labelNames: ['gate', 'direction'],
      registers: [this.registry],
      async collect() {
        for (const s of await stats()) this.set({ gate: s.gate, direction: s.direction }, s.oldestWaitSeconds);
      },
    });
    const socketSources = this.socketSources;
    new Gauge({
      name: 'connected_sockets',
      help: 'Live console sockets connected to this process',
      registers: [this.registry],
      collect() {
        this.set(socketSources.reduce((n, f) => n + f(), 0));
      },
    });
  }

  async outboxLags(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [service, lag] of this.outboxSources) out[service] = await lag();
    return out;
  }

  registerOutbox(service: string, lag: () => Promise<number>): void {
    this.outboxSources.set(service, lag);
  }

  registerQueueStats(source: () => Promise<QueueStat[]>): void {
    this.queueSources.push(source);
  }

  registerSockets(source: () => number): void {
    this.socketSources.push(source);
  }
}
