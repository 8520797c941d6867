import { createECDH, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Everything the services read from the environment, parsed and checked once at boot. */
export interface PlatformConfig {
  port: number;
  databaseUrl: string | undefined;
  /** Folder of the embedded Postgres cluster when no DATABASE_URL is given. */
  dataDir: string;
  embeddedPgPort: number;
  jwt: {
    secret: string;
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    /** A just-rotated refresh token presented again within this time gets a fresh pair instead of ending the session. */
    refreshGraceSeconds: number;
  };
  admin: { email: string; password: string } | undefined;
  /** Seed demo accounts: on by default only with no configuration at all (the embedded default). */
  seedDemo: boolean;
  /** Shared secret for service-to-service event delivery. */
  internalToken: string;
  /** Bearer token for /metrics and readiness details (monitoring); the internal token unless OPS_TOKEN is set. */
  opsToken: string;
  /** Where the declaration and yard-queue services receive relayed events (their own origin in one-process mode). */
  eventTargets: { declaration: string; yardQueue: string; gateway: string; notifications: string; statistics: string };
  /** The origin the public reaches the platform at: links in notifications (tracking page) start with it. */
  publicOrigin: string;
  notifications: NotificationSettings;
  corsOrigins: string[];
  loginRateLimit: { limit: number; ttlSeconds: number };
  /**
   * "Forgot password": how long an e-mailed link works, and how many links may be asked for per address and per
   * client IP within `rateTtlSeconds` (a mailbox is not flooded, the endpoint is not a free mail relay).
   */
  passwordReset: { ttlMinutes: number; rateLimit: number; rateTtlSeconds: number };
  /** Writes allowed per firm and per client IP within `ttlSeconds`. */
  writeRateLimit: { perFirm: number; perIp: number; ttlSeconds: number };
  /** Declarations a firm may have open at once (draft to in queue): stops slot hoarding. */
  maxActiveDeclarationsPerFirm: number;
  /** Whether the outbox relays run (tests that drive delivery by hand turn them off). */
  outboxRelay: boolean;
  /** Whether the yard-queue's 30-second no-show and release sweep runs (tests that move the clock turn it off). */
  queueSweeper: boolean;
  /** Delivery of firms' webhooks: on/off, how often the worker looks, the retry backoff and when it gives up. */
  webhooks: { dispatch: boolean; pollMs: number; retryBaseMs: number; retryMaxMs: number; giveUpHours: number };
  /** Interface the HTTP server listens on. */
  host: string;
  log: LogSettings;
  /** Where the built web consoles are (`npm run build`), served at `/` by the gateway. */
  consolesDir: string;
  live: LiveOptions;
  /** `npm start` with SIMULATE=true: the living demo drives both gates with the demo accounts. */
  simulate: { enabled: boolean; speed: number };
}

/** Pino's levels; Nest's names `log` and `verbose` are accepted for `info` and `trace`. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogSettings {
  level: LogLevel;
  /** One line per HTTP request (off by default: it would cost every request a write). */
  requests: boolean;
  /** Labels every line, for a log store that gathers several services. */
  service: string | undefined;
}

/** The gateway's live queue settings. */
export interface LiveOptions {
  /** Every subscription hears from the server at least this often (a heartbeat when nothing changed). */
  heartbeatMs: number;
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

/**
 * The notification service's providers. A provider without its credentials is not configured: nothing is sent
 * through it (the local default, so a laptop never reaches a real provider). URLs default to the real endpoints.
 */
export interface NotificationSettings {
  /** eSMS.vn brandname SMS (SendMultipleMessage_V4_post_json). */
  sms: { url: string; apiKey: string; secretKey: string; brandname: string; sandbox: boolean } | null;
  /** Zalo ZNS template messages; `appId` and `oaSecretKey` check the delivery webhook's signature. */
  zns: { url: string; accessToken: string; templateId: string; appId: string; oaSecretKey: string } | null;
  /** Web Push VAPID keys (URL-safe base64) and the contact the push services may write to. */
  push: { publicKey: string; privateKey: string; subject: string } | null;
  /** SMTP server (`smtp://` or `smtps://` URL) and the sender. */
  smtp: { url: string; from: string } | null;
  /**
   * A call not confirmed delivered (SMS or ZNS receipt) within this time escalates (yard board, firm e-mail), at a
   * gate without a time of its own (the gate setting `callReachMinutes`).
   */
  callReachSeconds: number;
  /** Delivery attempts per message before it is recorded as failed, and the first retry's delay (doubling). */
  maxAttempts: number;
  retryBaseMs: number;
  /** How long one provider request may take before it counts as a timeout (and is retried). */
  requestTimeoutMs: number;
}

export class ConfigError extends Error {}

function bool(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}

/** `on` (the default) or `off`. */
function onOff(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === 'on') return true;
  if (raw !== 'off') throw new ConfigError(`${name} must be on or off, got "${raw}"`);
  return false;
}

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
  return n;
}

/** A secret kept in the data folder so that restarts of the local platform keep sessions valid. */
function localSecret(dataDir: string, name: string): string {
  const file = `${dataDir}/${name}`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const s = randomBytes(32).toString('base64url');
  writeFileSync(file, s, { mode: 0o600 });
  return s;
}

export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const dataDir = env.DATA_DIR ?? '.data';
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  const production = env.NODE_ENV === 'production';
  if (production && !env.JWT_SECRET) throw new ConfigError('JWT_SECRET is required in production');
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET.length < 32)
    throw new ConfigError('JWT_SECRET must be at least 32 characters');
  if ((env.ADMIN_EMAIL && !env.ADMIN_PASSWORD) || (!env.ADMIN_EMAIL && env.ADMIN_PASSWORD)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD go together');
  }
  if (env.ADMIN_PASSWORD !== undefined && env.ADMIN_PASSWORD.length < 8)
    throw new ConfigError('ADMIN_PASSWORD must be at least 8 characters');
  const origin = env.PUBLIC_ORIGIN ?? `http://localhost:${port}`;
  const unconfigured = !databaseUrl && !env.ADMIN_EMAIL;
  return {
    port,
    databaseUrl,
    dataDir,
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    jwt: {
      secret: env.JWT_SECRET ?? localSecret(dataDir, 'jwt-secret'),
      issuer: env.JWT_ISSUER ?? 'cua-khau-so',
      audience: env.JWT_AUDIENCE ?? 'cua-khau-so-api',
      accessTtlSeconds: int(env, 'ACCESS_TOKEN_TTL', 900, 2, 86400),
      refreshTtlSeconds: int(env, 'REFRESH_TOKEN_TTL', 30 * 86400, 60, 365 * 86400),
      refreshGraceSeconds: int(env, 'REFRESH_REUSE_GRACE', 30, 0, 300),
    },
    admin: env.ADMIN_EMAIL ? { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD! } : undefined,
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === 'true' : unconfigured,
    internalToken:
      env.INTERNAL_TOKEN ?? (production ? missing('INTERNAL_TOKEN') : localSecret(dataDir, 'internal-token')),
    opsToken:
      env.OPS_TOKEN ??
      env.INTERNAL_TOKEN ??
      (production ? missing('INTERNAL_TOKEN') : localSecret(dataDir, 'internal-token')),
    eventTargets: {
      declaration: env.DECLARATION_URL ?? origin,
      yardQueue: env.YARD_QUEUE_URL ?? origin,
      gateway: env.GATEWAY_URL ?? origin,
      statistics: env.STATISTICS_URL ?? origin,
      notifications: env.NOTIFICATIONS_URL ?? origin,
    },
    publicOrigin: origin,
    notifications: notificationSettings(env, dataDir),
    corsOrigins: (env.CORS_ORIGINS ?? origin)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    loginRateLimit: {
      limit: int(env, 'LOGIN_RATE_LIMIT', 10, 1, 10000),
      ttlSeconds: int(env, 'LOGIN_RATE_TTL', 60, 1, 3600),
    },
    passwordReset: {
      ttlMinutes: int(env, 'PASSWORD_RESET_TTL_MINUTES', 30, 5, 1440),
      rateLimit: int(env, 'PASSWORD_RESET_RATE_LIMIT', 5, 1, 10000),
      rateTtlSeconds: int(env, 'PASSWORD_RESET_RATE_TTL', 3600, 1, 86400),
    },
    writeRateLimit: {
      perFirm: int(env, 'WRITE_RATE_LIMIT_PER_FIRM', 300, 1, 10_000_000),
      perIp: int(env, 'WRITE_RATE_LIMIT_PER_IP', 1200, 1, 10_000_000),
      ttlSeconds: int(env, 'WRITE_RATE_TTL', 60, 1, 3600),
    },
    maxActiveDeclarationsPerFirm: int(env, 'MAX_ACTIVE_DECLARATIONS', 300, 1, 1_000_000),
    outboxRelay: onOff(env, 'OUTBOX_RELAY'),
    queueSweeper: onOff(env, 'QUEUE_SWEEPER'),
    webhooks: {
      dispatch: onOff(env, 'WEBHOOK_DISPATCH'),
      pollMs: int(env, 'WEBHOOK_POLL_MS', 1000, 10, 60_000),
      retryBaseMs: int(env, 'WEBHOOK_RETRY_BASE_MS', 5000, 10, 3_600_000),
      retryMaxMs: int(env, 'WEBHOOK_RETRY_MAX_MS', 3_600_000, 10, 86_400_000),
      giveUpHours: int(env, 'WEBHOOK_GIVE_UP_HOURS', 72, 1, 720),
    },
    // Loopback unless told otherwise: a laptop running `npm start` is not a server; containers set HOST=0.0.0.0.
    host: env.HOST || '127.0.0.1',
    log: logSettings(env),
    consolesDir: resolve(env.CONSOLES_DIR || 'apps/gateway/public'),
    live: liveOptions(env),
    simulate: { enabled: bool(env, 'SIMULATE', false), speed: speed(env) },
  };
}

function logSettings(env: NodeJS.ProcessEnv): LogSettings {
  const raw = env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'error' : 'info');
  const level = raw === 'log' ? 'info' : raw === 'verbose' ? 'trace' : raw;
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (or log, verbose), got "${raw}"`);
  return {
    level: level as LogLevel,
    requests: bool(env, 'LOG_REQUESTS', false),
    service: env.SERVICE_NAME || undefined,
  };
}

function liveOptions(env: NodeJS.ProcessEnv): LiveOptions {
  const redisUrl = env.REDIS_URL || undefined;
  if (env.LIVE_ADAPTER_CHANNEL && !/^[\w.-]{1,40}$/.test(env.LIVE_ADAPTER_CHANNEL))
    throw new ConfigError('LIVE_ADAPTER_CHANNEL must be 1–40 letters, digits, _ . -');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL');
  return {
    heartbeatMs: int(env, 'LIVE_HEARTBEAT_MS', 5000, 100, 60000),
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

function notificationSettings(env: NodeJS.ProcessEnv, dataDir: string): NotificationSettings {
  const url = (name: string, def: string) => {
    const raw = env[name] || def;
    if (!/^https?:\/\//.test(raw)) throw new ConfigError(`${name} must be an http:// or https:// URL`);
    return raw.replace(/\/+$/, '');
  };
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL');
  if (!!env.VAPID_PUBLIC_KEY !== !!env.VAPID_PRIVATE_KEY)
    throw new ConfigError('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together');
  const vapid = env.VAPID_PUBLIC_KEY
    ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY! }
    : env.NODE_ENV === 'production'
      ? null
      : localVapidKeys(dataDir);
  return {
    sms: env.ESMS_API_KEY
      ? {
          url: url('ESMS_URL', 'https://rest.esms.vn'),
          apiKey: env.ESMS_API_KEY,
          secretKey: env.ESMS_SECRET_KEY || missingWith('ESMS_SECRET_KEY', 'ESMS_API_KEY'),
          brandname: env.ESMS_BRANDNAME || 'CUAKHAUSO',
          sandbox: bool(env, 'ESMS_SANDBOX', false),
        }
      : null,
    zns: env.ZALO_ACCESS_TOKEN
      ? {
          url: url('ZALO_ZNS_URL', 'https://business.openapi.zalo.me'),
          accessToken: env.ZALO_ACCESS_TOKEN,
          templateId: env.ZALO_ZNS_TEMPLATE_ID || missingWith('ZALO_ZNS_TEMPLATE_ID', 'ZALO_ACCESS_TOKEN'),
          appId: env.ZALO_APP_ID || missingWith('ZALO_APP_ID', 'ZALO_ACCESS_TOKEN'),
          oaSecretKey: env.ZALO_OA_SECRET_KEY || missingWith('ZALO_OA_SECRET_KEY', 'ZALO_ACCESS_TOKEN'),
        }
      : null,
    push: vapid && { ...vapid, subject: env.VAPID_SUBJECT || 'mailto:hotro@cuakhau.vn' },
    smtp: smtpUrl ? { url: smtpUrl, from: env.SMTP_FROM || 'Cửa khẩu số <thongbao@cuakhau.vn>' } : null,
    callReachSeconds: int(env, 'CALL_REACH_SECONDS', 300, 1, 86400),
    maxAttempts: int(env, 'NOTIFY_MAX_ATTEMPTS', 8, 1, 100),
    retryBaseMs: int(env, 'NOTIFY_RETRY_BASE_MS', 2000, 10, 3600000),
    requestTimeoutMs: int(env, 'NOTIFY_REQUEST_TIMEOUT_MS', 10000, 100, 120000),
  };
}

/** A VAPID key pair kept in the data folder (P-256, URL-safe base64), so subscriptions survive restarts. */
function localVapidKeys(dataDir: string): { publicKey: string; privateKey: string } {
  const file = `${dataDir}/vapid-keys.json`;
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const d = ecdh.getPrivateKey();
  const keys = {
    publicKey: ecdh.getPublicKey('base64url'),
    privateKey: Buffer.concat([Buffer.alloc(32 - d.length), d]).toString('base64url'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

function missingWith(name: string, other: string): never {
  throw new ConfigError(`${name} is required with ${other}`);
}

function speed(env: NodeJS.ProcessEnv): number {
  const raw = env.SIMULATE_SPEED;
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!(n > 0 && n <= 100)) throw new ConfigError(`SIMULATE_SPEED must be a number in (0, 100], got "${raw}"`);
  return n;
}

/**
 * `npm run simulate` on its own, against a platform already running: only the simulator's settings, so that
 * it needs none of the platform's secrets.
 */
export function loadSimulatorSettings(env: NodeJS.ProcessEnv = process.env): { url: string; speed: number } {
  const url = env.SIMULATE_URL || `http://127.0.0.1:${int(env, 'PORT', 3000, 0, 65535)}`;
  if (!/^https?:\/\//.test(url)) throw new ConfigError('SIMULATE_URL must be an http:// or https:// URL');
  return { url, speed: speed(env) };
}

function missing(name: string): never {
  throw new ConfigError(`${name} is required in production`);
}
