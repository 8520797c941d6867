import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit, type Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Column, type DataSource, type EntityManager, Entity, PrimaryColumn } from 'typeorm';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { NotificationListener } from '#libs/database/src/index.js';
import type { AuthUser } from './auth-user.js';

/*
 * Revocation is a token version per user: an access token carries the version current when it was issued
 * (`ver`), and a revocation (logout, password change, account disabled) raises it, voiding every token issued
 * before. The declaration service owns the version; the other services keep a copy in a table of the same
 * shape in their own schema, fed by its `user.revoked` events, so none reads another's schema. Each process
 * holds the table in memory (a few bytes per user who ever logged out) and learns of new rows by NOTIFY on
 * the schema's channel, sent in the writing transaction: a revocation reaches every replica of the owner in
 * milliseconds and the other services as fast as the relay delivers (it is woken on commit), with no query per
 * request. A version rather than a deny-list of token ids: one row per user, whatever number of tokens.
 */

/** The lowest access-token version still accepted for a user; users without a row accept any version. */
@Entity({ name: 'token_revocations' })
export class TokenRevocation {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'token_revocations_pkey' })
  userId: string;

  @Column('integer', { name: 'token_version' })
  tokenVersion: number;

  @Column('timestamptz', { name: 'revoked_at' })
  revokedAt: Date;
}

/** DDL of `token_revocations`, created by a migration of each service. */
export const TOKEN_REVOCATIONS_DDL =
  'CREATE TABLE token_revocations (user_id uuid PRIMARY KEY, token_version integer NOT NULL, revoked_at timestamptz NOT NULL)';

const channelOf = (schema: string) => `token_revocations_${schema}`;

interface VersionRow {
  user_id: string;
  token_version: number;
}

async function notify(em: EntityManager, schema: string, row: VersionRow): Promise<void> {
  // Delivered at commit, to every process listening on this database.
  await em.query('SELECT pg_notify($1, $2)', [channelOf(schema), `${row.user_id}:${row.token_version}`]);
}

/** The owner's revocation: raises the user's version by one and returns it (in the caller's transaction). */
export async function raiseTokenVersion(em: EntityManager, schema: string, userId: string, at: Date): Promise<number> {
  const [row] = await em.query<VersionRow[]>(
    `INSERT INTO token_revocations (user_id, token_version, revoked_at) VALUES ($1, 1, $2)
     ON CONFLICT (user_id) DO UPDATE SET token_version = token_revocations.token_version + 1, revoked_at = $2
     RETURNING user_id, token_version`,
    [userId, at],
  );
  await notify(em, schema, row);
  return row.token_version;
}

/** A copy's revocation: keeps the highest version heard (events may repeat). */
export async function recordTokenVersion(
  em: EntityManager,
  schema: string,
  userId: string,
  version: number,
  at: Date,
): Promise<void> {
  const [row] = await em.query<VersionRow[]>(
    `INSERT INTO token_revocations (user_id, token_version, revoked_at) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET token_version = GREATEST(token_revocations.token_version, $2), revoked_at = $3
     RETURNING user_id, token_version`,
    [userId, version, at],
  );
  await notify(em, schema, row);
}

/** The current version of a user's tokens (0 before any revocation): what a new access token carries. */
export async function currentTokenVersion(em: EntityManager, userId: string): Promise<number> {
  const [row] = await em.query<VersionRow[]>(
    'SELECT user_id, token_version FROM token_revocations WHERE user_id = $1',
    [userId],
  );
  return row?.token_version ?? 0;
}

/** This process's view of every revocation, read by the HTTP guard and the live gateway. */
@Injectable()
export class TokenRevocations {
  private readonly required = new Map<string, number>();
  private readonly listeners = new Set<(userId: string, version: number) => void>();

  isCurrent(user: Pick<AuthUser, 'id' | 'tokenVersion'>): boolean {
    return user.tokenVersion >= (this.required.get(user.id) ?? 0);
  }

  /** Records that a user's tokens below `version` are void; listeners hear of each rise. */
  note(userId: string, version: number): void {
    if (version <= (this.required.get(userId) ?? 0)) return;
    this.required.set(userId, version);
    for (const listener of this.listeners) listener(userId, version);
  }

  onRevoked(listener: (userId: string, version: number) => void): void {
    this.listeners.add(listener);
  }
}

/** Keeps `TokenRevocations` up to date from one schema's `token_revocations` (loaded at start and on reconnect). */
class TokenRevocationFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly listener: NotificationListener;

  constructor(ds: DataSource, schema: string, url: string, revocations: TokenRevocations) {
    const logger = new Logger(`TokenRevocations:${schema}`);
    this.listener = new NotificationListener({
      url,
      channel: channelOf(schema),
      applicationName: `${schema}-revocations`,
      onNotify: (payload) => {
        const [userId, version] = payload.split(':');
        revocations.note(userId, Number(version));
      },
      onListening: async () => {
        const rows = await ds.query<VersionRow[]>('SELECT user_id, token_version FROM token_revocations');
        for (const r of rows) revocations.note(r.user_id, r.token_version);
      },
      log: (m) => logger.warn(m),
    });
  }

  // Before the server listens: no request is authorised on a cache that has not been loaded.
  onModuleInit(): Promise<void> {
    return this.listener.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.listener.stop();
  }
}

/** The feed of the service whose connection is `schema`; each service module provides its own. */
export function tokenRevocationFeed(schema: string): Provider {
  return {
    provide: `TokenRevocationFeed:${schema}`,
    inject: [getDataSourceToken(schema), PLATFORM_CONFIG, TokenRevocations],
    useFactory: (ds: DataSource, config: PlatformConfig, revocations: TokenRevocations) =>
      new TokenRevocationFeed(ds, schema, config.databaseUrl!, revocations),
  };
}
