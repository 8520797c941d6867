import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '#libs/auth/src/index.js';
import type { ClientToServerEvents, ServerToClientEvents } from '#libs/live-client/src/protocol.js';
import type { ViewScope } from './live-views.js';

/** Between gateway instances (through the socket.io adapter): "this gate's log reached this version". */
export interface InterServerEvents {
  'live:applied': (m: { gate: string; version: number }) => void;
}

export interface LiveSubscriptionRecord {
  gate: string;
  scope: ViewScope;
  room: string;
}

/** What the gateway keeps on a socket; rooms are joined only from here, after the checks. */
export interface LiveSocketData {
  /** Null for the public board's anonymous sockets. */
  user: AuthUser | null;
  /** When the access token expires (ms since epoch); the connection ends then. */
  expiresAt: number | null;
  subs: Map<string, LiveSubscriptionRecord>;
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;

/** The room of a gate seen through a view (one per firm for the firm view). */
export function liveRoom(gate: string, scope: ViewScope): string {
  if (scope.view === 'firm') return `live:${gate}:firm:${scope.firmId}`;
  // One board room per window: its deltas are that window's changes.
  if (scope.board) return `live:${gate}:board:${scope.board.top}:${scope.board.direction ?? 'ALL'}`;
  return `live:${gate}:${scope.view}`;
}

/** Every socket of a firm's users is in its firm's room, for `vehicle.update`. */
export function firmRoom(firmId: string): string {
  return `firm:${firmId}`;
}
