import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Everything the services read from the environment, parsed and checked once at boot. */
export interface PlatformConfig {
  port: number;
  databaseUrl: string | undefined;
  /** Folder of the embedded Postgres cluster when no DATABASE_URL is given. */
  dataDir: string;
  embeddedPgPort: number;
  jwt: { secret: string; issuer: string; audience: string; accessTtlSeconds: number; refreshTtlSeconds: number };
  admin: { email: string; password: string } | undefined;
  /** Seed demo accounts: on by default only with no configuration at all (the embedded default). */
  seedDemo: boolean;
  /** Shared secret for service-to-service event delivery. */
  internalToken: string;
  /** Where the declaration and yard-queue services receive relayed events (their own origin in one-process mode). */
  eventTargets: { declaration: string; yardQueue: string; gateway: string };
  corsOrigins: string[];
  loginRateLimit: { limit: number; ttlSeconds: number };
  /** Writes allowed per firm and per client IP within `ttlSeconds`. */
  writeRateLimit: { perFirm: number; perIp: number; ttlSeconds: number };
  /** Declarations a firm may have open at once (draft to in queue): stops slot hoarding. */
  maxActiveDeclarationsPerFirm: number;
  /** Whether the outbox relays run (tests that drive delivery by hand turn them off). */
  outboxRelay: boolean;
}

export class ConfigError extends Error {}

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
      accessTtlSeconds: int(env, 'ACCESS_TOKEN_TTL', 900, 30, 86400),
      refreshTtlSeconds: int(env, 'REFRESH_TOKEN_TTL', 30 * 86400, 60, 365 * 86400),
    },
    admin: env.ADMIN_EMAIL ? { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD! } : undefined,
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === 'true' : unconfigured,
    internalToken:
      env.INTERNAL_TOKEN ?? (production ? missing('INTERNAL_TOKEN') : localSecret(dataDir, 'internal-token')),
    eventTargets: {
      declaration: env.DECLARATION_URL ?? origin,
      yardQueue: env.YARD_QUEUE_URL ?? origin,
      gateway: env.GATEWAY_URL ?? origin,
    },
    corsOrigins: (env.CORS_ORIGINS ?? origin)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    loginRateLimit: {
      limit: int(env, 'LOGIN_RATE_LIMIT', 10, 1, 10000),
      ttlSeconds: int(env, 'LOGIN_RATE_TTL', 60, 1, 3600),
    },
    writeRateLimit: {
      perFirm: int(env, 'WRITE_RATE_LIMIT_PER_FIRM', 300, 1, 10_000_000),
      perIp: int(env, 'WRITE_RATE_LIMIT_PER_IP', 1200, 1, 10_000_000),
      ttlSeconds: int(env, 'WRITE_RATE_TTL', 60, 1, 3600),
    },
    maxActiveDeclarationsPerFirm: int(env, 'MAX_ACTIVE_DECLARATIONS', 300, 1, 1_000_000),
    outboxRelay: env.OUTBOX_RELAY !== 'off',
  };
}

function missing(name: string): never {
  throw new ConfigError(`${name} is required in production`);
}
