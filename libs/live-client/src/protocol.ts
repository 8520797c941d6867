// The live queue protocol between the gateway and its clients (the consoles, the tests): every event name
// and payload, typed once. Pure types and constants: no Node API, no socket library, so the browser can use it.
import type { BoardEntry, Congestion, GateState, QueueEntryView } from '#libs/events/src/contracts.js';
import type { Direction } from '#libs/domain/src/identifiers/reference-data.js';

export type { BoardEntry, Congestion, GateState, QueueEntryView };

/** What a subscription shows: an officer's console of one agency, the public board, or a firm's own vehicles. */
export const LIVE_VIEWS = ['customs', 'border', 'yard', 'board', 'firm'] as const;
export type LiveView = (typeof LIVE_VIEWS)[number];

/** Officer views and the firm view carry full entries; the board carries masked ones. */
export type LiveEntry = QueueEntryView | BoardEntry;

/**
 * What changed between two versions, as absolute values: applying it to any state whose version lies in
 * [baseVersion, version) gives the state at `version`. An id appears in at most one of the three parts.
 */
export interface LiveChanges<E extends LiveEntry = LiveEntry> {
  /** Entries added or changed, as they are now (a new estimate is a change of its own, reason `eta`). */
  upserts: E[];
  /** Entries that left the queue (crossed, turned back, cancelled, second no-show). */
  removals: string[];
  /** New positions of entries that only moved because others changed. */
  positions: Record<string, number>;
}

export interface QueueSnapshotMessage<E extends LiveEntry = LiveEntry> {
  gate: string;
  view: LiveView;
  version: number;
  entries: E[];
  gateState: GateState;
  congestion: Congestion;
}

/**
 * Changes since `baseVersion`. Officer views get one per version (baseVersion = version − 1); the board may get
 * several versions coalesced; the firm view only gets versions that touched its vehicles.
 */
export interface QueueDeltaMessage<E extends LiveEntry = LiveEntry> {
  gate: string;
  view: LiveView;
  baseVersion: number;
  version: number;
  reason: string | null;
  changes: LiveChanges<E>;
  gateState: GateState;
  congestion: Congestion;
}

/** "Nothing changed for you between baseVersion and version": a client at an older version than baseVersion resyncs. */
export interface QueueHeartbeatMessage {
  gate: string;
  view: LiveView;
  baseVersion: number;
  version: number;
}

/** To a firm's sockets: one of its vehicles was checked in, called, re-slotted, cleared, crossed… */
export interface VehicleUpdateMessage {
  gate: string;
  version: number;
  reason: string;
  entry: QueueEntryView;
}

/** The declaration events a firm hears live: customs' decisions, and changes made from another of its screens. */
export const DECLARATION_UPDATE_KINDS = [
  'submitted',
  'accepted',
  'rejected',
  'cancelled',
  'correction_requested',
  'correction_approved',
] as const;
export type DeclarationUpdateKind = (typeof DECLARATION_UPDATE_KINDS)[number];

/** To a firm's sockets: one of its declarations was decided or changed (`declaration.<kind>` in the outbox). */
export interface DeclarationUpdateMessage {
  declarationId: string;
  kind: DeclarationUpdateKind;
  /** When the change was committed (ISO 8601). */
  at: string;
}

export interface AuthExpiredMessage {
  message: string;
}

/**
 * Sent by a gateway instance that is shutting down to each of its sockets just before it closes them: the
 * client reconnects within `reconnectWithinMs` (at a random moment, so the sockets of one instance do not all
 * land at once) and the proxy sends it to an instance that is still up.
 */
export interface ServerRestartingMessage {
  message: string;
  reconnectWithinMs: number;
}

/** The error body of the REST API, also used in acks and in `connect_error.data`. */
export interface LiveError {
  statusCode: number;
  code: string;
  message: string;
  errors?: { field: string; message: string }[];
}

export type LiveAck<T extends object = object> = ({ ok: true } & T) | { ok: false; error: LiveError };

/** How a subscription or resync was brought up to date: a full snapshot, the missing deltas, or nothing was missing. */
export type SyncMode = 'snapshot' | 'delta' | 'current';

/**
 * The board view is a window, not the queue: the first `top` waiting vehicles of each direction (or of one),
 * the vehicles called forward (as many again at most), and the waiting counts of the whole gate in `congestion`.
 * Its deltas say how the window changed and come only when the window or the counts changed.
 */
export const BOARD_TOP = { default: 10, max: 25 } as const;

export interface SubscribeRequest {
  gate: string;
  view: LiveView;
  /** Resume from this version (after a reconnect): the missing deltas instead of a snapshot when the log has them. */
  sinceVersion?: number;
  /** Board view only: how many waiting vehicles per direction (1…BOARD_TOP.max, default BOARD_TOP.default). */
  top?: number;
  /** Board view only: one direction's lane (both by default). */
  direction?: Direction;
}

export interface SubscribeResult {
  gate: string;
  view: LiveView;
  mode: SyncMode;
  version: number;
  /** A subscription hears from the server at least this often; silence for longer means the client is stale. */
  heartbeatMs: number;
  /** Board view: the window's size per direction as granted. */
  top?: number;
}

/** `board.lookup`: one plate, in any spelling (`GUI F12345`, `桂F12345`, `12c 123 45`), on a gate the socket's board follows. */
export interface BoardLookupRequest {
  gate: string;
  plate: string;
}

/**
 * The entry of the plate (null: not in the queue) at the window's version. The socket then follows it:
 * `board.plate` whenever it changes, until another lookup or the end of the subscription.
 */
export interface BoardLookupResult {
  gate: string;
  /** The plate's match key, or null when the text is not a plate. */
  plateKey: string | null;
  version: number;
  entry: BoardEntry | null;
}

/** The followed plate's entry changed (moved, called, got an estimate) or left the queue (null). */
export interface BoardPlateMessage {
  gate: string;
  plateKey: string;
  version: number;
  entry: BoardEntry | null;
}

export interface ResyncRequest {
  gate: string;
  sinceVersion: number;
}

export interface ResyncResult {
  gate: string;
  view: LiveView;
  mode: SyncMode;
  version: number;
}

export interface UnsubscribeRequest {
  gate: string;
}

/**
 * `auth.renew { token }`: the client's access token was renewed; the socket carries on under it (checked as in
 * the handshake, same user, role, firm and gates) and now ends at the new token's expiry.
 */
export interface AuthRenewRequest {
  token: string;
}

export interface AuthRenewResult {
  /** When the connection now ends unless renewed again (ms since epoch). */
  expiresAt: number | null;
}

export interface ServerToClientEvents {
  'queue.snapshot': (m: QueueSnapshotMessage) => void;
  'queue.delta': (m: QueueDeltaMessage) => void;
  'queue.heartbeat': (m: QueueHeartbeatMessage) => void;
  'vehicle.update': (m: VehicleUpdateMessage) => void;
  'declaration.update': (m: DeclarationUpdateMessage) => void;
  'auth.expired': (m: AuthExpiredMessage) => void;
  'server.restarting': (m: ServerRestartingMessage) => void;
  'board.plate': (m: BoardPlateMessage) => void;
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (r: LiveAck<SubscribeResult>) => void) => void;
  resync: (req: ResyncRequest, ack: (r: LiveAck<ResyncResult>) => void) => void;
  unsubscribe: (req: UnsubscribeRequest, ack: (r: LiveAck<{ gate: string }>) => void) => void;
  'board.lookup': (req: BoardLookupRequest, ack: (r: LiveAck<BoardLookupResult>) => void) => void;
  'auth.renew': (req: AuthRenewRequest, ack: (r: LiveAck<AuthRenewResult>) => void) => void;
}

/** The only events a client may send; anything else is answered with an error. */
export const CLIENT_EVENTS: readonly (keyof ClientToServerEvents)[] = [
  'subscribe',
  'resync',
  'unsubscribe',
  'board.lookup',
  'auth.renew',
];
