/// <reference lib="dom" />
import { io } from 'socket.io-client';
import { normalisePlateKey } from '../../../../libs/domain/src/identifiers/plates.js';
import type { BoardEntry, Congestion, GateState, QueueEntryView } from '../../../../libs/events/src/contracts.js';
import {
  type BoardWindowOptions,
  type DeclarationUpdateMessage,
  type LiveChanges,
  LiveQueueClient,
  type LiveStatus,
  type LiveSubscription,
} from '../../../../libs/live-client/src/index.js';
import type { Api } from './api.js';
import { lang } from './i18n.js';

// The one place the consoles get live data from. Screens only see `QueueFeed` / `FirmFeed`: a state
// (live, connecting, stale) and the data; how it arrives is this module's business. It comes from the
// gateway's live queue (socket.io, libs/live-client); a build with CONSOLES_LIVE=poll reads the REST
// listing every few seconds instead, for a deployment without the gateway.

declare const __LIVE_TRANSPORT__: 'socket' | 'poll';
const SOCKET = typeof __LIVE_TRANSPORT__ === 'undefined' || __LIVE_TRANSPORT__ !== 'poll';

/** refused: the server turned the live connection down (token refused, origin not allowed): retrying will not help. */
export type ConnState = 'connecting' | 'live' | 'stale' | 'refused';
export type QueueView = 'customs' | 'border' | 'yard' | 'board';

export type { BoardEntry };
/** An officer's full entry, or the public board's masked line. */
export type AnyEntry = QueueEntryView | BoardEntry;

export interface QueueData<E extends AnyEntry = AnyEntry> {
  gate: string;
  version: number;
  gateState: GateState | null;
  /** Waiting vehicles per direction at the whole gate (the board's window holds only the first few). */
  congestion: Congestion | null;
  entries: E[];
}

interface Feed {
  readonly state: ConnState;
  /** `detail`: the server's reason when it refused the connection. */
  onState(fn: (s: ConnState, detail: string | null) => void): void;
  close(): void;
}

export interface QueueFeed<E extends AnyEntry = AnyEntry> extends Feed {
  onQueue(fn: (q: QueueData<E>) => void): void;
  /** After one of our own actions: the live queue brings the change by itself; polling reads at once. */
  refresh(): void;
}

/** The public board of a gate: its window, and one plate looked up and followed. */
export interface BoardFeed extends QueueFeed<BoardEntry> {
  /** Looks a plate up (null: stop); resolves to the refusal's message, or null. */
  lookup(plate: string | null): Promise<string | null>;
  /** The followed plate's entry: null when it is not in the queue, undefined while not looked up. */
  onPlate(fn: (entry: BoardEntry | null | undefined) => void): void;
}

export interface FirmFeed extends Feed {
  /** Something about the firm's vehicles may have changed: reload what the screen shows. */
  onChange(fn: () => void): void;
  /** Customs decided on one of the firm's declarations: shown at once, before the reload brings the rest. */
  onDecision(fn: (m: DeclarationUpdateMessage) => void): void;
  /** The screen's own reload worked or failed: a failed reload also means what it shows may be stale. */
  report(ok: boolean): void;
}

const POLL_MS = 3000;
/** The firm's screens read every few seconds while nothing live reaches them (a polling build, a socket down). */
const FIRM_POLL_MS = 5000;
/**
 * …and now and then while live: the firm's list is read from the declaration service, whose copy of the queue
 * follows the yard's events a moment after the gateway tells the firm (a reload on that word can be early), and
 * a gate's suspension or resumption touches no vehicle of the firm. Decisions never wait for this.
 */
const FIRM_LIVE_POLL_MS = 10_000;

class StateHolder {
  state: ConnState = 'connecting';
  detail: string | null = null;
  private readonly fns: ((s: ConnState, detail: string | null) => void)[] = [];
  on(fn: (s: ConnState, detail: string | null) => void): void {
    this.fns.push(fn);
    fn(this.state, this.detail);
  }
  set(s: ConnState, detail: string | null = null): void {
    if (s === this.state && detail === this.detail) return;
    this.state = s;
    this.detail = detail;
    for (const fn of this.fns) fn(s, detail);
  }
}

/** The detail of a `queue-change` measure: the entries shown, how many the message changed, and the time (ms) of each stage. */
export interface ChangeMeasure {
  entries: number;
  changes: number;
  stages: Record<'apply' | 'sort' | 'render' | 'layout', number>;
}

let client: LiveQueueClient | null = null;
/**
 * When the message being handled arrived, and how many entries it changes: each queue change is measured
 * (`queue-change` in the Performance timeline) from there to the page laid out again, with where its time went
 * in the measure's detail. Kept to the last thousand.
 */
let arrivedAt: number | null = null;
let arrivedMessage: { changes?: LiveChanges<AnyEntry> } | undefined;
let measured = 0;
/** One socket per page, whatever the number of gates it shows. */
function liveClient(api: Api | null): LiveQueueClient {
  if (client) return client;
  const c = new LiveQueueClient({
    url: '',
    io: io,
    token: api ? () => api.freshToken() : undefined,
    // Refusals of the socket's messages come in the page's language (a browser cannot set Accept-Language here).
    socketOptions: { query: { lang: lang() } },
  });
  // The socket moves to each renewed token at once, so the gateway never ends it at the old one's expiry.
  api?.onTokenRenewed(() => void c.renewToken());
  // Listeners of any event run before those of the event itself, in the same task.
  c.socket.prependAny((event: string, m?: { changes?: LiveChanges<AnyEntry> }) => {
    if (!event.startsWith('queue.')) return;
    // A message that changes nothing (a heartbeat, an old delta) must not start the next measure.
    queueMicrotask(() => (arrivedAt = null));
    arrivedMessage = m;
    arrivedAt = performance.now();
  });
  client = c;
  return c;
}

/**
 * The browser's own word that the network is gone (its `offline` event): what is shown may be old from that
 * moment until `online`, whatever the socket (which may linger until a TCP timeout, or reconnect on loopback)
 * says. Back online, the socket reconnects at once rather than after its backoff.
 */
let browserOffline = false;
const networkWatchers = new Set<() => void>();
addEventListener('offline', () => {
  browserOffline = true;
  for (const fn of networkWatchers) fn();
});
addEventListener('online', () => {
  browserOffline = false;
  client?.reconnectNow();
  for (const fn of networkWatchers) fn();
});

/**
 * Connecting until the first time it is live; after that anything but live means what is shown may be old. A
 * connection the server refused (a 4xx other than rate limiting) is not "connecting": it says so, and why.
 */
function trackStatus(holder: StateHolder, c: LiveQueueClient, ever: { live: boolean }): void {
  const status: LiveStatus = browserOffline ? 'reconnecting' : c.status;
  if (status === 'live') ever.live = true;
  const e = c.connectionError;
  if (status !== 'live' && e && e.statusCode >= 400 && e.statusCode < 500 && e.statusCode !== 429)
    return holder.set('refused', e.message);
  holder.set(status === 'live' ? 'live' : ever.live ? 'stale' : 'connecting');
}

/** Follows the client's status, and its refusals (a refusal may leave the status as it was). */
function watchClient(c: LiveQueueClient, holder: StateHolder, ever: { live: boolean }): () => void {
  const track = () => trackStatus(holder, c, ever);
  const off = c.onStatus(track);
  c.socket.on('connect_error', track);
  networkWatchers.add(track);
  track();
  return () => {
    off();
    c.socket.off('connect_error', track);
    networkWatchers.delete(track);
  };
}

/** A gate's queue for one view. Officers get the full entries, the board the masked public ones. */
export function openQueueFeed<E extends AnyEntry = AnyEntry>(o: {
  gate: string;
  view: QueueView;
  api: Api;
}): QueueFeed<E> {
  return SOCKET ? socketQueueFeed<E>(o) : pollQueueFeed<E>(o);
}

/** A gate's public board: the first `top` waiting vehicles per direction (of one direction) and the counts. */
export function openBoardFeed(o: { gate: string; api: Api; window: BoardWindowOptions }): BoardFeed {
  if (!SOCKET) return pollBoardFeed(o);
  const c = liveClient(null);
  const feed = socketQueueFeed<BoardEntry>({ gate: o.gate, view: 'board', api: o.api }, o.window);
  return {
    ...feed,
    get state() {
      return feed.state;
    },
    lookup: async (plate) => (await c.lookup(o.gate, plate))?.message ?? null,
    onPlate: (fn) => void feed.sub.onPlate((s) => fn(s.plateEntry)),
  };
}

function socketQueueFeed<E extends AnyEntry>(
  o: { gate: string; view: QueueView; api: Api },
  window: BoardWindowOptions = {},
): QueueFeed<E> & { sub: LiveSubscription<E & QueueEntryView> } {
  const holder = new StateHolder();
  const fns: ((q: QueueData<E>) => void)[] = [];
  const c = liveClient(o.view === 'board' ? null : o.api);
  const sub = c.subscribe<E & QueueEntryView>(o.gate, o.view, window);
  const offStatus = watchClient(c, holder, { live: false });
  sub.onChange((s) => {
    const start = arrivedAt ?? performance.now();
    arrivedAt = null;
    // Where the change's time goes: the client applying it, the entries put in order, the page's own code, and
    // the browser's style and layout.
    const applied = performance.now();
    const q: QueueData<E> = {
      gate: o.gate,
      version: s.version ?? 0,
      gateState: s.gateState,
      congestion: s.congestion,
      entries: s.entries(),
    };
    const sorted = performance.now();
    for (const fn of fns) fn(q);
    const rendered = performance.now();
    // Style and layout now, inside the measure: the browser does them before the next frame anyway.
    void document.body.offsetHeight;
    const end = performance.now();
    // Counted after the measure's end: describing the change is not part of its cost.
    const ch = arrivedMessage?.changes;
    const detail: ChangeMeasure = {
      entries: q.entries.length,
      changes: ch ? ch.upserts.length + ch.removals.length + Object.keys(ch.positions).length : 0,
      stages: { apply: applied - start, sort: sorted - applied, render: rendered - sorted, layout: end - rendered },
    };
    performance.measure('queue-change', { start, end, detail });
    if (++measured % 1000 === 0) performance.clearMeasures('queue-change');
  });
  return {
    sub,
    get state() {
      return holder.state;
    },
    onState: (fn) => holder.on(fn),
    onQueue: (fn) => fns.push(fn),
    refresh: () => undefined,
    close: () => {
      offStatus();
      void c.unsubscribe(o.gate);
    },
  };
}

/** Polling: a failed read turns the feed stale at once, and the next read that works makes it live again. */
function pollQueueFeed<E extends AnyEntry>(o: { gate: string; view: QueueView; api: Api }): QueueFeed<E> {
  const holder = new StateHolder();
  const fns: ((q: QueueData<E>) => void)[] = [];
  const path = o.view === 'board' ? `/public/gates/${o.gate}/queue` : `/gates/${o.gate}/queue`;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let inFlight = false;
  let again = false;

  const tick = async () => {
    if (closed) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    if (timer) clearTimeout(timer);
    try {
      const q = await o.api.request<QueueData<E>>('GET', path, undefined, { auth: o.view !== 'board' });
      holder.set('live');
      for (const fn of fns) fn(q);
    } catch {
      holder.set('stale');
    } finally {
      inFlight = false;
      if (!closed) timer = setTimeout(() => void tick(), POLL_MS);
      if (again) {
        again = false;
        void tick();
      }
    }
  };
  void tick();
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void tick());

  return {
    get state() {
      return holder.state;
    },
    onState: (fn) => holder.on(fn),
    onQueue: (fn) => fns.push(fn),
    refresh: () => void tick(),
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** Without the gateway: the REST public board (every entry), the plate found among them here. */
function pollBoardFeed(o: { gate: string; api: Api }): BoardFeed {
  const feed = pollQueueFeed<BoardEntry>({ gate: o.gate, view: 'board', api: o.api });
  const plateFns: ((e: BoardEntry | null | undefined) => void)[] = [];
  let key: string | null | undefined;
  let latest: BoardEntry[] = [];
  const tell = () => {
    const found = key === undefined ? undefined : (latest.find((e) => normalisePlateKey(e.plate) === key) ?? null);
    for (const fn of plateFns) fn(found);
  };
  feed.onQueue((q) => {
    latest = q.entries;
    if (key !== undefined) tell();
  });
  return {
    ...feed,
    get state() {
      return feed.state;
    },
    lookup: (plate) => {
      key = plate === null ? undefined : normalisePlateKey(plate);
      tell();
      return Promise.resolve(null);
    },
    onPlate: (fn) => void plateFns.push(fn),
  };
}

/**
 * Changes to a firm's own vehicles and declarations: the gateway's `vehicle.update` for everything from
 * check-in on, `declaration.update` for customs' decisions. When the connection comes back, the screen
 * reloads at once: updates sent meanwhile were missed; it also reloads every few seconds while down and every
 * ten while live (see FIRM_LIVE_POLL_MS).
 */
export function openFirmFeed(o: { api: Api }): FirmFeed {
  const holder = new StateHolder();
  const fns: (() => void)[] = [];
  const decisionFns: ((m: DeclarationUpdateMessage) => void)[] = [];
  const changed = () => {
    for (const fn of fns) fn();
  };
  let reloadFailed = false;
  let socketState: ConnState = SOCKET ? 'connecting' : 'live';
  let socketDetail: string | null = null;
  const update = () => holder.set(reloadFailed && socketState !== 'refused' ? 'stale' : socketState, socketDetail);
  const offs: (() => void)[] = [];
  if (SOCKET) {
    const c = liveClient(o.api);
    const local = new StateHolder();
    local.on((s, detail) => {
      const back = s === 'live' && socketState === 'stale';
      socketState = s;
      socketDetail = detail;
      update();
      if (back) changed();
    });
    offs.push(watchClient(c, local, { live: false }));
    offs.push(c.onVehicleUpdate(changed));
    // Customs' decisions (accepted, rejected, correction requested) arrive as `declaration.update`.
    offs.push(
      c.onDeclarationUpdate((m) => {
        for (const fn of decisionFns) fn(m);
        changed();
      }),
    );
  }
  let lastRead = Date.now();
  fns.push(() => (lastRead = Date.now()));
  const timer = setInterval(() => {
    const every = socketState === 'live' ? FIRM_LIVE_POLL_MS : FIRM_POLL_MS;
    if (document.visibilityState === 'visible' && Date.now() - lastRead >= every) changed();
  }, FIRM_POLL_MS);
  return {
    get state() {
      return holder.state;
    },
    onState: (fn) => holder.on(fn),
    onChange: (fn) => fns.push(fn),
    onDecision: (fn) => decisionFns.push(fn),
    report: (ok) => {
      reloadFailed = !ok;
      update();
    },
    close: () => {
      clearInterval(timer);
      for (const off of offs) off();
    },
  };
}
