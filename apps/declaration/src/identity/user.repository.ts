import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull, type SelectQueryBuilder } from 'typeorm';
import { currentTokenVersion, raiseTokenVersion } from '#libs/auth/src/index.js';
import type { Role } from '#libs/domain/src/index.js';
import { inTransaction, PG_UNIQUE_VIOLATION, pgErrorCode, returnedRows } from '#libs/database/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { writeEvent } from '#libs/events/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';
import { Firm } from './entities/firm.entity.js';
import { PasswordReset } from './entities/password-reset.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { User } from './entities/user.entity.js';

export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  fullName: string;
  role: Role;
  firmId: string | null;
  firmName: string | null;
  taxCode: string | null;
  gates: string[];
  createdAt: Date;
  disabled: boolean;
}

/** What a refresh token presented for rotation turns out to be. */
export type RefreshOutcome =
  /** Valid (or rotated within the grace): a new pair is issued in the same family. */
  | { userId: string; familyId: string }
  /** Rotated longer ago than the grace: a theft is assumed and the family is now revoked. */
  | { reused: true }
  /** Unknown, expired or revoked. */
  | null;

/** A user read with their firm (officers have none). */
const toUser = (u: User): UserRecord => ({
  id: u.id,
  email: u.email,
  passwordHash: u.passwordHash,
  fullName: u.fullName,
  role: u.role,
  firmId: u.firmId,
  firmName: u.firm?.name ?? null,
  taxCode: u.firm?.taxCode ?? null,
  gates: u.gates,
  createdAt: u.createdAt,
  disabled: u.disabledAt !== null,
});

type NewUser = Omit<UserRecord, 'firmName' | 'taxCode' | 'disabled'>;

function conflictOnDuplicate(e: unknown): never {
  if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
    const detail = String(
      (e as { driverError?: { constraint?: string }; constraint?: string }).driverError?.constraint ?? '',
    );
    if (detail.includes('tax_code'))
      throw new AppError('CONFLICT', 'taxCodeTaken', {}, [{ field: 'taxCode', message: { key: 'taxCodeTaken' } }]);
    throw new AppError('CONFLICT', 'emailTaken', {}, [{ field: 'email', message: { key: 'emailTaken' } }]);
  }
  throw e;
}

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource(DECLARATION_DB) private readonly ds: DataSource) {}

  /** Users with their firm, in one statement (no paging, so no second query). */
  private withFirm(): SelectQueryBuilder<User> {
    return this.ds.getRepository(User).createQueryBuilder('u').leftJoinAndSelect('u.firm', 'f');
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const u = await this.withFirm().where('u.email = :email', { email: email.toLowerCase() }).getOne();
    return u ? toUser(u) : null;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const u = await this.withFirm().where('u.id = :id', { id }).getOne();
    return u ? toUser(u) : null;
  }

  /** A firm and its first user are created together or not at all. */
  async createFirmWithUser(
    firm: { id: string; name: string; taxCode: string; phone: string },
    user: NewUser,
  ): Promise<void> {
    await inTransaction(this.ds, async (em) => {
      await em.insert(Firm, { ...firm, createdAt: user.createdAt });
      await insertUser(em, user);
    }).catch(conflictOnDuplicate);
  }

  async createUser(user: NewUser): Promise<void> {
    await insertUser(this.ds.manager, user).catch(conflictOnDuplicate);
  }

  async saveRefreshToken(t: {
    id: string;
    userId: string;
    familyId: string;
    tokenHash: string;
    expiresAt: Date;
    createdAt: Date;
  }): Promise<void> {
    await this.ds.getRepository(RefreshToken).insert(t);
  }

  /**
   * Rotates a refresh token, atomically (row lock): of concurrent refreshes with the same token each sees the
   * other's rotation. A token rotated less than `graceSeconds` ago is accepted again, without rotating anew:
   * two tabs sharing a session, or a retried request whose answer was lost, refresh at about the same time.
   * Presented later than that, a rotated token betrays a copy held by someone else: its family is revoked.
   */
  async rotateRefreshToken(tokenHash: string, now: Date, graceSeconds: number): Promise<RefreshOutcome> {
    return inTransaction(this.ds, async (em) => {
      const tokens = em.getRepository(RefreshToken);
      const t = await tokens
        .createQueryBuilder('t')
        .where('t.tokenHash = :tokenHash', { tokenHash })
        .setLock('pessimistic_write')
        .getOne();
      if (!t || t.revokedAt || t.expiresAt <= now) return null;
      if (t.rotatedAt) {
        if (now.getTime() - t.rotatedAt.getTime() <= graceSeconds * 1000)
          return { userId: t.userId, familyId: t.familyId };
        await tokens.update({ familyId: t.familyId, revokedAt: IsNull() }, { revokedAt: now });
        return { reused: true as const };
      }
      await tokens.update({ id: t.id }, { rotatedAt: now });
      return { userId: t.userId, familyId: t.familyId };
    });
  }

  /** The version a new access token of this user carries. */
  tokenVersion(userId: string): Promise<number> {
    return currentTokenVersion(this.ds.manager, userId);
  }

  /**
   * Logout: the login's refresh tokens (the family of the one given, if it is the user's) and every access
   * token issued to the user so far. Returns the new token version.
   */
  logout(userId: string, refreshTokenHash: string, at: Date): Promise<number> {
    return inTransaction(this.ds, async (em) => {
      const t = await em.findOne(RefreshToken, { where: { tokenHash: refreshTokenHash, userId } });
      if (t) await em.update(RefreshToken, { familyId: t.familyId, revokedAt: IsNull() }, { revokedAt: at });
      return revokeAccessTokens(em, userId, at);
    });
  }

  /** A new password ends every session of the user; the caller gets a new one. Returns the new token version. */
  changePassword(userId: string, passwordHash: string, at: Date): Promise<number> {
    return inTransaction(this.ds, async (em) => {
      await em.update(User, { id: userId }, { passwordHash });
      return revokeEverything(em, userId, at);
    });
  }

  /** Ends every session of the user, this one included ("log out everywhere"). Returns the new token version. */
  revokeAllSessions(userId: string, at: Date): Promise<number> {
    return inTransaction(this.ds, (em) => revokeEverything(em, userId, at));
  }

  async savePasswordReset(r: { id: string; userId: string; tokenHash: string; expiresAt: Date; createdAt: Date }) {
    await this.ds.getRepository(PasswordReset).insert(r);
  }

  /**
   * Sets a new password with a "forgot password" link: the link is taken by a conditional update (unused, not
   * expired, its account active), so of two uses at once exactly one gets it; the user's other links become void
   * and every session ends. Returns the user and the new token version, or null when the link does not work.
   */
  resetPassword(
    tokenHash: string,
    passwordHash: string,
    at: Date,
  ): Promise<{ userId: string; tokenVersion: number } | null> {
    return inTransaction(this.ds, async (em) => {
      const [taken] = returnedRows<{ user_id: string }>(
        await em.query(
          `UPDATE password_resets r SET used_at = $2
          FROM users u
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2
           AND u.id = r.user_id AND u.disabled_at IS NULL
         RETURNING r.user_id`,
          [tokenHash, at],
        ),
      );
      const userId = taken?.user_id;
      if (!userId) return null;
      await em.update(PasswordReset, { userId, usedAt: IsNull() }, { usedAt: at });
      await em.update(User, { id: userId }, { passwordHash });
      return { userId, tokenVersion: await revokeEverything(em, userId, at) };
    });
  }

  /**
   * Disables or re-enables an account; disabling ends every session. Returns the new token version when
   * sessions were ended, null when the account was already in that state, undefined when it does not exist.
   */
  setDisabled(userId: string, disabled: boolean, at: Date): Promise<number | null | undefined> {
    return inTransaction(this.ds, async (em) => {
      const u = await em.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!u) return undefined;
      if ((u.disabledAt !== null) === disabled) return null;
      await em.update(User, { id: userId }, { disabledAt: disabled ? at : null });
      return disabled ? revokeEverything(em, userId, at) : null;
    });
  }

  async listOfficers(): Promise<UserRecord[]> {
    const users = await this.withFirm().where(`u.role <> 'FIRM'`).orderBy('u.createdAt').getMany();
    return users.map(toUser);
  }
}

/** Voids the user's access tokens issued so far and tells the other services (`user.revoked`). */
async function revokeAccessTokens(em: EntityManager, userId: string, at: Date): Promise<number> {
  const tokenVersion = await raiseTokenVersion(em, DECLARATION_DB, userId, at);
  await writeEvent(em, 'user.revoked', userId, { userId, tokenVersion }, at);
  return tokenVersion;
}

async function revokeEverything(em: EntityManager, userId: string, at: Date): Promise<number> {
  await em.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: at });
  return revokeAccessTokens(em, userId, at);
}

async function insertUser(em: EntityManager, u: NewUser): Promise<void> {
  await em.insert(User, {
    id: u.id,
    email: u.email.toLowerCase(),
    passwordHash: u.passwordHash,
    fullName: u.fullName,
    role: u.role,
    firmId: u.firmId,
    gates: u.gates,
    createdAt: u.createdAt,
  });
}
