// A console's side of the live queue protocol: keeps each subscribed gate's entries at a known version,
// applies deltas only when they follow on, resyncs on a gap, a reconnect or silence, and says at every moment
// whether what it shows is live. Browser-safe: timers and Date only; the socket.io client is passed in.
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { applyChanges, compareEntries } from './changes.js';
import type {
  BoardEntry,
  BoardLookupResult,
  BoardPlateMessage,
  ClientToServerEvents,
  Congestion,
  GateState,
  LiveAck,
  LiveEntry,
  LiveError,
  LiveView,
  QueueDeltaMessage,
  QueueHeartbeatMessage,
  QueueSnapshotMessage,
  ResyncResult,
  ServerToClientEvents,
  SubscribeRequest,
  SubscribeResult,
  SyncMode,
  VehicleUpdateMessage,
  DeclarationUpdateMessage,
} from './protocol.js';

/** The board's window: how many waiting vehicles per direction, and one direction only. */
export type BoardWindowOptions = Pick<SubscribeRequest, 'top' | 'direction'>;

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type IoFactory = (url: string, opts: Partial<ManagerOptions & SocketOptions>) => Socket;

/** live: connected and every subscription current; reconnecting: the connection is down; stale: connected but not (yet) current. */
export type LiveStatus = 'live' | 'reconnecting' | 'stale';
export type SubscriptionStatus = 'syncing' | 'live' | 'stale' | 'refused';

export interface LiveClientOptions {
  /** The platform's origin (`http://localhost:3000`); '' in a browser page served by it. */
  url: string;
  /** socket.io-client's `io` (the module's export, or `window.io` from /socket.io/socket.io.js). */
  io: IoFactory;
  /** The access token, or a function asked at every (re)connection so a refreshed token is used. Omit for the public board. */
  token?: string | null | (() => string | null | Promise<string | null>);
  /** websocket only by default: no sticky sessions are needed in front of several gateway instances. */
  transports?: ('websocket' | 'polling')[];
  /** Silence after which a subscription counts as stale; default three heartbeats. */
  staleAfterMs?: number;
  /** How long to wait for an ack. */
  ackTimeoutMs?: number;
  /** Extra socket.io-client options (tests use `forceNew`, `reconnectionDelay`, `extraHeaders`). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

/** Refusals that retrying cannot fix: the subscription is dropped. */
const FINAL_REFUSALS = new Set(['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']);

type Listener<T> = (value: T) => void;

class Listeners<T> {
  private readonly fns = new Set<Listener<T>>();
  add(fn: Listener<T>): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
  emit(value: T): void {
    for (const fn of [...this.fns]) fn(value);
  }
}

export interface SubscriptionStats {
  snapshots: number;
  deltas: number;
  resyncs: number;
  gaps: number;
  lastSync: SyncMode | null;
}

/** One gate seen through one view, kept at a version. */
export class LiveSubscription<E extends LiveEntry = LiveEntry> {
  version: number | null = null;
  gateState: GateState | null = null;
  congestion: Congestion | null = null;
  error: LiveError | null = null;
  readonly stats: SubscriptionStats = { snapshots: 0, deltas: 0, resyncs: 0, gaps: 0, lastSync: null };
  /** Settles once the first state arrived (or the subscription was refused). */
  readonly ready: Promise<void>;

  /** @internal */ syncing = true;
  /** @internal */ buffer: QueueDeltaMessage<E>[] = [];
  /** @internal */ heartbeatMs = 10000;
  /** @internal */ lastHeard = 0;
  /** @internal */ refused = false;
  /** @internal */ settle!: (error?: LiveError) => void;

  private readonly map = new Map<string, E>();
  private readonly changed = new Listeners<LiveSubscription<E>>();

  /** The board's followed plate (as typed), looked up again after every resync: the server forgets it on a reconnect. */
  plate: string | null = null;
  /** The followed plate's entry, as last heard (undefined: not looked up yet). */
  plateEntry: BoardEntry | null | undefined = undefined;
  /** @internal */ readonly plateChanged = new Listeners<LiveSubscription<E>>();

  constructor(
    readonly gate: string,
    readonly view: LiveView,
    readonly window: BoardWindowOptions = {},
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      let done = false;
      this.settle = (error) => {
        if (done) return;
        done = true;
        if (error) reject(Object.assign(new Error(error.message), { live: error }));
        else resolve();
      };
    });
    // A refusal is also reported through `status`/`error`; nobody has to await `ready`.
    this.ready.catch(() => undefined);
  }

  /** The entries in the REST listing's order. */
  entries(): E[] {
    return [...this.map.values()].sort(compareEntries);
  }

  get(id: string): E | undefined {
    return this.map.get(id);
  }

  onChange(fn: Listener<LiveSubscription<E>>): () => void {
    return this.changed.add(fn);
  }

  /** The followed plate's entry changed (or was looked up). */
  onPlate(fn: Listener<LiveSubscription<E>>): () => void {
    return this.plateChanged.add(fn);
  }

  status(now = Date.now()): SubscriptionStatus {
    if (this.refused) return 'refused';
    if (this.syncing || this.version === null) return 'syncing';
    return now - this.lastHeard > this.heartbeatMs * 3 ? 'stale' : 'live';
  }

  /** @internal */ applySnapshot(m: QueueSnapshotMessage<E>): void {
    this.map.clear();
    for (const e of m.entries) this.map.set(e.id, e);
    this.version = m.version;
    this.gateState = m.gateState;
    this.congestion = m.congestion;
    this.stats.snapshots++;
    this.changed.emit(this);
  }

  /** @internal */ applyDelta(
    m: QueueDeltaMessage<E> | (QueueHeartbeatMessage & { changes?: undefined }),
  ): 'applied' | 'old' | 'gap' {
    if (this.version === null) return 'gap';
    if (m.version <= this.version) return 'old';
    if (m.baseVersion > this.version) return 'gap';
    if (m.changes) {
      applyChanges(this.map, m.changes);
      const d = m;
      this.gateState = d.gateState;
      this.congestion = d.congestion;
      this.stats.deltas++;
    }
    this.version = m.version;
    if (m.changes) this.changed.emit(this);
    return 'applied';
  }
}

/**
 * The client helper: one socket, any number of gate subscriptions. It never shows a queue as live unless
 * it holds that gate's latest version it has heard of and has heard from the server recently.
 */
export class LiveQueueClient {
  readonly socket: LiveSocket;
  private readonly subs = new Map<string, LiveSubscription>();
  private readonly statusListeners = new Listeners<LiveStatus>();
  private readonly vehicleListeners = new Listeners<VehicleUpdateMessage>();
  private readonly declarationListeners = new Listeners<DeclarationUpdateMessage>();
  private readonly retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly watchdog: ReturnType<typeof setInterval>;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectDelayMs = 1000;
  /** Set by `server.restarting`: the next reconnect happens within this many ms, not after the backoff. */
  private handoverWithinMs: number | null = null;
  private lastStatus: LiveStatus | null = null;
  private closed = false;
  /** The server ended the connection at its token's expiry: the next attempt, with a fresh token, is not delayed. */
  private tokenExpired = false;
  /** The last refusal of the connection itself (expired token, Origin not allowed…). */
  connectionError: LiveError | null = null;

  constructor(private readonly o: LiveClientOptions) {
    this.socket = o.io(o.url, {
      transports: o.transports ?? ['websocket'],
      autoConnect: false,
      // A transport that opens and closes again before the handshake (a proxy whose upstream just died) raises
      // no error: socket.io waits out this timeout (20 s by default) before its next attempt.
      timeout: 5000,
      auth: (cb: (data: object) => void) => {
        // A token that cannot be had (refresh failed) connects anonymously: the server then refuses what needs one.
        void this.token().then(
          (token) => cb(token ? { token } : {}),
          () => cb({}),
        );
      },
      ...o.socketOptions,
    });
    this.socket.on('connect', () => {
      this.connectionError = null;
      this.reconnectDelayMs = 1000;
      for (const sub of this.subs.values()) void this.sync(sub);
      this.refreshStatus();
    });
    // The instance is stopping: leave it now (not when it drops the connection) and reconnect through the proxy.
    this.socket.on('server.restarting', (m) => {
      this.handoverWithinMs = Math.max(0, Math.min(10000, Number(m?.reconnectWithinMs) || 0));
      this.socket.disconnect();
    });
    this.socket.on('auth.expired', () => void (this.tokenExpired = true));
    this.socket.on('disconnect', (reason) => {
      for (const sub of this.subs.values()) sub.syncing = true;
      // The server ended the session (token expired, flood) or its instance is stopping: socket.io will not retry by itself.
      if (reason === 'io server disconnect' || this.handoverWithinMs !== null) this.scheduleReconnect();
      this.refreshStatus();
    });
    this.socket.on('connect_error', (err: Error & { data?: LiveError }) => {
      this.connectionError = err.data ?? { statusCode: 503, code: 'DEPENDENCY_DOWN', message: err.message };
      if (!this.socket.active) this.scheduleReconnect();
      this.refreshStatus();
    });
    this.socket.on('queue.snapshot', (m) => this.onSnapshot(m));
    this.socket.on('queue.delta', (m) => this.onDelta(m));
    this.socket.on('queue.heartbeat', (m) => this.onDelta(m));
    this.socket.on('vehicle.update', (m) => this.vehicleListeners.emit(m));
    this.socket.on('declaration.update', (m) => this.declarationListeners.emit(m));
    this.socket.on('board.plate', (m: BoardPlateMessage) => {
      const sub = this.subOf(m.gate, 'board');
      if (!sub?.plate) return;
      sub.plateEntry = m.entry;
      sub.plateChanged.emit(sub);
    });
    this.watchdog = setInterval(() => this.checkSilence(), 1000);
    this.socket.connect();
  }

  get status(): LiveStatus {
    if (!this.socket.connected) return this.socket.active || this.reconnectTimer ? 'reconnecting' : 'stale';
    for (const sub of this.subs.values()) if (sub.status() !== 'live') return 'stale';
    return 'live';
  }

  onStatus(fn: Listener<LiveStatus>): () => void {
    return this.statusListeners.add(fn);
  }

  onVehicleUpdate(fn: Listener<VehicleUpdateMessage>): () => void {
    return this.vehicleListeners.add(fn);
  }

  /** A firm's socket: one of its declarations was accepted, rejected, asked to correct… */
  onDeclarationUpdate(fn: Listener<DeclarationUpdateMessage>): () => void {
    return this.declarationListeners.add(fn);
  }

  /** Subscribes to a gate (one view per gate: subscribing again replaces the view). */
  subscribe<E extends LiveEntry = LiveEntry>(
    gate: string,
    view: LiveView,
    window: BoardWindowOptions = {},
  ): LiveSubscription<E> {
    this.subs.get(gate)?.settle({ statusCode: 409, code: 'CONFLICT', message: 'replaced by a new subscription' });
    const sub = new LiveSubscription<E>(gate, view, window);
    this.subs.set(gate, sub as unknown as LiveSubscription);
    if (this.socket.connected) void this.sync(sub as unknown as LiveSubscription);
    this.refreshStatus();
    return sub;
  }

  async unsubscribe(gate: string): Promise<void> {
    if (!this.subs.delete(gate)) return;
    this.clearRetry(gate);
    if (this.socket.connected) await this.ack('unsubscribe', { gate }).catch(() => undefined);
    this.refreshStatus();
  }

  /**
   * Looks a plate up on a gate's board (any spelling) and follows it: `onPlate` hears of every change to it.
   * Null `plate` stops following. Refusals (a malformed or too frequent lookup) come back as the error.
   */
  async lookup(gate: string, plate: string | null): Promise<LiveError | null> {
    const sub = this.subs.get(gate);
    if (!sub || sub.view !== 'board') return { statusCode: 409, code: 'CONFLICT', message: `not following ${gate}` };
    sub.plate = plate;
    sub.plateEntry = undefined;
    if (plate === null) {
      sub.plateChanged.emit(sub);
      return null;
    }
    // Not subscribed on the server yet: the lookup goes out once it is (see `sync`).
    if (sub.syncing) return null;
    return this.sendLookup(sub);
  }

  private async sendLookup(sub: LiveSubscription): Promise<LiveError | null> {
    const plate = sub.plate;
    if (plate === null || !this.socket.connected) return null;
    let res: LiveAck<BoardLookupResult>;
    try {
      res = await this.ack<BoardLookupResult>('board.lookup', { gate: sub.gate, plate });
    } catch {
      return { statusCode: 504, code: 'TIMEOUT', message: 'no answer' };
    }
    if (this.subs.get(sub.gate) !== sub || sub.plate !== plate) return null;
    if (!res.ok) return res.error;
    sub.plateEntry = res.entry;
    sub.plateChanged.emit(sub);
    return null;
  }

  /** Asks for the missing changes of a gate now (the helper also does it by itself on a gap). */
  resync(gate: string): Promise<void> {
    const sub = this.subs.get(gate);
    return sub ? this.resyncSub(sub) : Promise.resolve();
  }

  /**
   * The access token was renewed: the socket moves to it now (`auth.renew`), long before the old one expires and
   * the server ends the connection. Refused or unanswered (another person's token, an older gateway), the
   * client reconnects at once with it instead; its subscriptions resume from their versions.
   */
  async renewToken(): Promise<void> {
    if (this.closed || !this.socket.connected) return; // the next connection asks for the token anyway
    const token = await this.token().catch(() => null);
    if (!token || !this.socket.connected) return;
    const res = await this.ack('auth.renew', { token }).catch(() => null);
    if (res?.ok || this.closed || !this.socket.connected) return;
    this.socket.disconnect();
    this.socket.connect();
  }

  /** Connects now if the connection is down (the browser says the network is back), instead of after the backoff. */
  reconnectNow(): void {
    if (this.closed || this.socket.connected) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.socket.connect();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.watchdog);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const gate of [...this.retryTimers.keys()]) this.clearRetry(gate);
    this.socket.disconnect();
    this.refreshStatus();
  }

  private async token(): Promise<string | null> {
    const t = this.o.token;
    return typeof t === 'function' ? await t() : (t ?? null);
  }

  private subOf(gate: string, view: LiveView): LiveSubscription | undefined {
    const sub = this.subs.get(gate);
    // Messages of a view this client no longer holds (a replaced subscription) are dropped.
    return sub && sub.view === view ? sub : undefined;
  }

  private ack<T extends object>(event: keyof ClientToServerEvents, payload: object): Promise<LiveAck<T>> {
    const s = this.socket as unknown as {
      timeout(ms: number): { emitWithAck(e: string, p: object): Promise<LiveAck<T>> };
    };
    return s.timeout(this.o.ackTimeoutMs ?? 10000).emitWithAck(event, payload);
  }

  /** Subscribes (or, with a version already held, resumes from it). */
  private async sync(sub: LiveSubscription): Promise<void> {
    sub.syncing = true;
    this.refreshStatus();
    let res: LiveAck<SubscribeResult>;
    try {
      res = await this.ack<SubscribeResult>('subscribe', {
        gate: sub.gate,
        view: sub.view,
        ...sub.window,
        ...(sub.version !== null ? { sinceVersion: sub.version } : {}),
      });
    } catch {
      return this.retryLater(sub, () => this.sync(sub));
    }
    if (this.subs.get(sub.gate) !== sub) return;
    if (!res.ok) return this.refusedOrRetry(sub, res.error, () => this.sync(sub));
    sub.heartbeatMs = res.heartbeatMs;
    sub.stats.lastSync = res.mode;
    this.finishSync(sub);
    // A new subscription on the server (after a reconnect): it follows the plate again.
    if (sub.plate !== null) void this.sendLookup(sub);
  }

  private async resyncSub(sub: LiveSubscription): Promise<void> {
    if (sub.version === null || !this.socket.connected) return this.sync(sub);
    sub.syncing = true;
    sub.stats.resyncs++;
    this.refreshStatus();
    let res: LiveAck<ResyncResult>;
    try {
      res = await this.ack<ResyncResult>('resync', { gate: sub.gate, sinceVersion: sub.version });
    } catch {
      return this.retryLater(sub, () => this.resyncSub(sub));
    }
    if (this.subs.get(sub.gate) !== sub) return;
    if (!res.ok) {
      // The server no longer knows the subscription (it restarted under us): subscribe again.
      if (res.error.code === 'CONFLICT') return this.sync(sub);
      return this.refusedOrRetry(sub, res.error, () => this.resyncSub(sub));
    }
    sub.stats.lastSync = res.mode;
    this.finishSync(sub);
    // A lookup asked while this resync was under way.
    if (sub.plate !== null && sub.plateEntry === undefined) void this.sendLookup(sub);
  }

  /** The reply (snapshot or deltas) arrived before its ack: apply what was held back meanwhile. */
  private finishSync(sub: LiveSubscription): void {
    sub.syncing = false;
    sub.error = null;
    sub.lastHeard = Date.now();
    this.clearRetry(sub.gate);
    const gap = this.drain(sub);
    if (sub.version !== null) sub.settle();
    if (gap || sub.version === null) {
      sub.stats.gaps++;
      void this.resyncSub(sub);
    }
    this.refreshStatus();
  }

  /** Applies buffered deltas that follow on (in any arrival order); true when some could not be applied. */
  private drain(sub: LiveSubscription): boolean {
    let progress = true;
    while (progress && sub.buffer.length) {
      progress = false;
      sub.buffer.sort((a, b) => a.version - b.version);
      for (const m of [...sub.buffer]) {
        if (sub.applyDelta(m) !== 'gap') {
          sub.buffer.splice(sub.buffer.indexOf(m), 1);
          progress = true;
        }
      }
    }
    return sub.buffer.length > 0;
  }

  private onSnapshot(m: QueueSnapshotMessage): void {
    const sub = this.subOf(m.gate, m.view);
    if (!sub) return;
    sub.lastHeard = Date.now();
    sub.applySnapshot(m);
  }

  private onDelta(m: QueueDeltaMessage | QueueHeartbeatMessage): void {
    const sub = this.subOf(m.gate, m.view);
    if (!sub) return;
    sub.lastHeard = Date.now();
    const msg = m as QueueDeltaMessage;
    if (sub.syncing) {
      sub.buffer.push(msg);
      return;
    }
    if (sub.applyDelta(msg) === 'gap') {
      sub.stats.gaps++;
      sub.buffer.push(msg);
      void this.resyncSub(sub);
    }
    this.refreshStatus();
  }

  private refusedOrRetry(sub: LiveSubscription, error: LiveError, again: () => Promise<void>): void {
    sub.error = error;
    if (FINAL_REFUSALS.has(error.code)) {
      sub.refused = true;
      sub.syncing = false;
      sub.settle(error);
      this.subs.delete(sub.gate);
      this.refreshStatus();
      return;
    }
    this.retryLater(sub, again);
  }

  private retryLater(sub: LiveSubscription, again: () => Promise<void>): void {
    this.clearRetry(sub.gate);
    if (this.closed) return;
    const delay = Math.min(10000, 500 * 2 ** Math.min(5, sub.stats.resyncs)) * (0.75 + Math.random() / 2);
    this.retryTimers.set(
      sub.gate,
      setTimeout(() => {
        this.retryTimers.delete(sub.gate);
        if (this.subs.get(sub.gate) === sub && this.socket.connected) void again();
      }, delay),
    );
    this.refreshStatus();
  }

  private clearRetry(gate: string): void {
    const t = this.retryTimers.get(gate);
    if (t) clearTimeout(t);
    this.retryTimers.delete(gate);
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    // An instance that announced its shutdown: straight to another one, at a random moment of the window it gave.
    const handover = this.handoverWithinMs;
    this.handoverWithinMs = null;
    // The token expired (a renewal came too late): the auth callback fetches a fresh one, so no wait.
    const expired = this.tokenExpired;
    this.tokenExpired = false;
    const delay = handover !== null ? Math.round(Math.random() * handover) : expired ? 0 : this.reconnectDelayMs;
    if (handover === null && !expired) this.reconnectDelayMs = Math.min(30000, delay * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, delay);
  }

  /** A subscription that heard nothing for three heartbeats is stale: it asks for what it missed. */
  private checkSilence(): void {
    const now = Date.now();
    for (const sub of this.subs.values()) {
      if (
        !sub.syncing &&
        sub.version !== null &&
        this.socket.connected &&
        now - sub.lastHeard > sub.heartbeatMs * 3 &&
        !this.retryTimers.has(sub.gate)
      ) {
        void this.resyncSub(sub);
      }
    }
    this.refreshStatus();
  }

  private refreshStatus(): void {
    const s = this.status;
    if (s === this.lastStatus) return;
    this.lastStatus = s;
    this.statusListeners.emit(s);
  }
}
