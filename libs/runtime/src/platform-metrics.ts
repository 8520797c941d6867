import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What one receiver of a service's events has still to get. */
export interface OutboxBacklog {
  sink: string;
  events: number;
  oldestSeconds: number;
}

/** How the waiting-time estimates shown fared, per gate, direction and period (see the yard-queue's EtaRepository). */
export interface EtaAccuracyStat {
  gate: string;
  direction: string;
  period: string;
  scored: number;
  coverage: number | null;
  medianAbsErrorHours: number | null;
  biasHours: number | null;
}

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
  /** Check-ins filed, by path: in one statement from unlocked reads, or with the lane held for the whole change. */
  readonly checkIns: Counter<'path'>;
  /** One-statement check-ins not filed because what they were decided on moved first, by what moved. */
  readonly checkInsStale: Counter<'moved'>;
  /** Gate actions past the call filed, by path: in one statement from unlocked reads, or with the lane held. */
  readonly gateActions: Counter<'path'>;
  /** One-statement gate actions read again because the entry or the gate moved first, by what moved. */
  readonly gateActionsStale: Counter<'moved'>;
  private readonly outboxSources = new Map<string, () => Promise<OutboxBacklog[]>>();
  private readonly queueSources: (() => Promise<QueueStat[]>)[] = [];
  private readonly socketSources: (() => number)[] = [];
  private readonly etaSources: (() => Promise<EtaAccuracyStat[]>)[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.eventsDelivered = new Counter({
      name: 'events_delivered_total',
      help: 'Events delivered by the outbox relays',
      labelNames: ['service', 'sink'],
      registers: [this.registry],
    });
    this.checkIns = new Counter({
      name: 'queue_check_ins_total',
      help: 'Check-ins filed: path="one-statement" (decided from unlocked reads) or "locked" (the lane held throughout)',
      labelNames: ['path'],
      registers: [this.registry],
    });
    this.checkInsStale = new Counter({
      name: 'queue_check_ins_stale_total',
      help: 'One-statement check-ins read again because what they were decided on moved first, by what moved',
      labelNames: ['moved'],
      registers: [this.registry],
    });
    this.gateActions = new Counter({
      name: 'queue_gate_actions_total',
      help: 'Gate actions past the call filed: path="one-statement" (decided from unlocked reads) or "locked"',
      labelNames: ['path'],
      registers: [this.registry],
    });
    this.gateActionsStale = new Counter({
      name: 'queue_gate_actions_stale_total',
      help: 'One-statement gate actions read again because the entry or the gate moved first, by what moved',
      labelNames: ['moved'],
      registers: [this.registry],
    });
    const backlogs = () => this.outboxBacklogs().catch(() => ({}));
    new Gauge({
      name: 'outbox_lag_events',
      help: 'Events written but not yet delivered, per service and receiving sink',
      labelNames: ['service', 'sink'],
      registers: [this.registry],
      async collect() {
        for (const [service, sinks] of Object.entries(await backlogs()))
          for (const b of sinks) this.set({ service, sink: b.sink }, b.events);
      },
    });
    new Gauge({
      name: 'outbox_oldest_pending_seconds',
      help: 'Age of the oldest event a sink has not received yet (0 when it has them all)',
      labelNames: ['service', 'sink'],
      registers: [this.registry],
      async collect() {
        for (const [service, sinks] of Object.entries(await backlogs()))
          for (const b of sinks) this.set({ service, sink: b.sink }, b.oldestSeconds);
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
    const etaSources = this.etaSources;
    const accuracy = async () => (await Promise.all(etaSources.map((f) => f().catch(() => [])))).flat();
    const etaGauge = (name: string, help: string, value: (s: EtaAccuracyStat) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['gate', 'direction', 'period'],
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const s of await accuracy()) {
            const v = value(s);
            if (v !== null) this.set({ gate: s.gate, direction: s.direction, period: s.period }, v);
          }
        },
      });
    etaGauge('eta_scored_estimates', 'Estimates shown whose vehicle was called in the period', (s) => s.scored);
    etaGauge('eta_coverage_ratio', 'Share of scored estimates whose call fell inside [p10, p90]', (s) => s.coverage);
    etaGauge(
      'eta_median_abs_error_hours',
      'Median of |call − p50| over the scored estimates',
      (s) => s.medianAbsErrorHours,
    );
    etaGauge(
      'eta_bias_hours',
      'Median of (call − p50): positive when vehicles were called later than shown',
      (s) => s.biasHours,
    );
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

  /** Per service with an outbox: each sink's backlog. */
  async outboxBacklogs(): Promise<Record<string, OutboxBacklog[]>> {
    const out: Record<string, OutboxBacklog[]> = {};
    for (const [service, backlog] of this.outboxSources) out[service] = await backlog();
    return out;
  }

  registerOutbox(service: string, backlog: () => Promise<OutboxBacklog[]>): void {
    this.outboxSources.set(service, backlog);
  }

  registerQueueStats(source: () => Promise<QueueStat[]>): void {
    this.queueSources.push(source);
  }

  registerEtaAccuracy(source: () => Promise<EtaAccuracyStat[]>): void {
    this.etaSources.push(source);
  }

  registerSockets(source: () => number): void {
    this.socketSources.push(source);
  }
}
