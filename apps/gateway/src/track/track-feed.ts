import { type BeforeApplicationShutdown, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { PublicTrackView } from '#libs/events/src/index.js';
import { LiveFanout } from '../live/live-fanout.js';
import { TrackService } from './track.service.js';

/**
 * A `ping` event this often keeps proxies from closing a quiet stream, tells the page the link is alive, and
 * re-reads every followed vehicle.
 */
export const TRACK_PING_MS = 15_000;

interface Follower {
  vehicleId: string;
  last: string;
  send(text: string): void;
  end(): void;
}

/**
 * The tracking pages' server-sent events: each page follows one vehicle. When a version of a gate is applied
 * (on this instance or another: LiveFanout hears both), the vehicles followed at that gate are read again in
 * one query and each page gets its vehicle's view when it changed. The periodic ping re-reads them too, so a
 * lost notification costs one ping period at most.
 */
@Injectable()
export class TrackFeed implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('TrackFeed');
  /** Followers by gate, then by vehicle. */
  private readonly byGate = new Map<string, Map<string, Set<Follower>>>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private unlisten: (() => void) | null = null;

  constructor(
    private readonly track: TrackService,
    private readonly fanout: LiveFanout,
  ) {}

  onModuleInit(): void {
    this.unlisten = this.fanout.onApplied((gate) => void this.refresh(gate));
    this.timer = setInterval(() => {
      for (const gate of this.byGate.keys()) void this.refresh(gate, true);
    }, TRACK_PING_MS);
  }

  /** Before the server closes: it would wait for these streams, which never end by themselves. */
  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.unlisten?.();
    for (const vehicles of this.byGate.values())
      for (const followers of vehicles.values()) for (const f of followers) f.end();
    this.byGate.clear();
  }

  /** Starts a page's stream with its vehicle's view; returns the function that stops it. */
  follow(view: PublicTrackView, vehicleId: string, send: (text: string) => void, end: () => void): () => void {
    const f: Follower = { vehicleId, last: JSON.stringify(view), send, end };
    send(`retry: 5000\ndata: ${f.last}\n\n`);
    let vehicles = this.byGate.get(view.gate);
    if (!vehicles) this.byGate.set(view.gate, (vehicles = new Map<string, Set<Follower>>()));
    let followers = vehicles.get(vehicleId);
    if (!followers) vehicles.set(vehicleId, (followers = new Set()));
    followers.add(f);
    return () => {
      followers.delete(f);
      if (!followers.size) vehicles.delete(vehicleId);
      if (!vehicles.size && this.byGate.get(view.gate) === vehicles) this.byGate.delete(view.gate);
    };
  }

  private async refresh(gate: string, ping = false): Promise<void> {
    const vehicles = this.byGate.get(gate);
    if (!vehicles?.size) return;
    try {
      const views = await this.track.views([...vehicles.keys()]);
      for (const [vehicleId, followers] of vehicles) {
        const view = views.get(vehicleId);
        const text = view ? JSON.stringify(view) : null;
        for (const f of followers) {
          if (text !== null && text !== f.last) {
            f.last = text;
            f.send(`data: ${text}\n\n`);
          } else if (ping) f.send('event: ping\ndata: \n\n');
        }
      }
    } catch (e) {
      this.logger.warn(`tracking pages of ${gate}: ${(e as Error).message}`);
    }
  }
}
