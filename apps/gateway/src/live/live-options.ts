import { ConfigError } from '#libs/config/src/index.js';

/** The gateway's own settings, read from the environment once at start (PlatformConfig holds the shared ones). */
export interface LiveOptions {
  /** Every subscription hears from the server at least this often (a heartbeat when nothing changed). */
  heartbeatMs: number;
  /** Estimates drift with time: they are refreshed this often, and shortly after every change. */
  etaRefreshMs: number;
  etaDebounceMs: number;
  /** The public board gets at most one message per gate in this time (changes in between are coalesced). */
  boardThrottleMs: number;
  /** A resync further behind than this gets a snapshot instead of the deltas. */
  maxReplay: number;
  /** Versions kept in the log per gate. */
  logKeep: number;
  /** Messages a socket may send: a bucket of `messageBurst` refilled at `messageRate` per second. */
  messageRate: number;
  messageBurst: number;
  /** How long a fetched yard-queue snapshot serves new subscribers (so a reconnect storm is one read). */
  snapshotTtlMs: number;
  snapshotTimeoutMs: number;
  /** The yard-queue being ahead of the log for this long means events are not arriving: take a snapshot. */
  lagGraceMs: number;
  /** Redis for the socket.io adapter; without it, the Postgres adapter on the gateway's database. */
  redisUrl: string | undefined;
  /** The adapter's channel (NOTIFY channel prefix, Redis key): instances of one deployment share it. */
  adapterChannel: string;
}

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
  return n;
}

export function loadLiveOptions(env: NodeJS.ProcessEnv = process.env): LiveOptions {
  const redisUrl = env.REDIS_URL || undefined;
  if (env.LIVE_ADAPTER_CHANNEL && !/^[\w.-]{1,40}$/.test(env.LIVE_ADAPTER_CHANNEL))
    throw new ConfigError('LIVE_ADAPTER_CHANNEL must be 1–40 letters, digits, _ . -');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL');
  return {
    heartbeatMs: int(env, 'LIVE_HEARTBEAT_MS', 5000, 100, 60000),
    etaRefreshMs: int(env, 'LIVE_ETA_REFRESH_MS', 30000, 200, 3600000),
    etaDebounceMs: int(env, 'LIVE_ETA_DEBOUNCE_MS', 1000, 0, 60000),
    boardThrottleMs: int(env, 'LIVE_BOARD_THROTTLE_MS', 1000, 0, 60000),
    maxReplay: int(env, 'LIVE_MAX_REPLAY', 500, 1, 100000),
    logKeep: int(env, 'LIVE_LOG_KEEP', 5000, 10, 10000000),
    messageRate: int(env, 'LIVE_MESSAGE_RATE', 10, 1, 10000),
    messageBurst: int(env, 'LIVE_MESSAGE_BURST', 30, 1, 10000),
    snapshotTtlMs: int(env, 'LIVE_SNAPSHOT_TTL_MS', 1000, 0, 60000),
    snapshotTimeoutMs: int(env, 'LIVE_SNAPSHOT_TIMEOUT_MS', 5000, 100, 60000),
    lagGraceMs: int(env, 'LIVE_LAG_GRACE_MS', 15000, 1000, 3600000),
    redisUrl,
    adapterChannel: env.LIVE_ADAPTER_CHANNEL || 'cks-live',
  };
}

export const LIVE_OPTIONS = Symbol('LIVE_OPTIONS');
