import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull, type SelectQueryBuilder } from 'typeorm';
import type { Role } from '#libs/domain/src/index.js';
import { inTransaction, PG_UNIQUE_VIOLATION, pgErrorCode } from '#libs/database/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';
import { Firm } from './entities/firm.entity.js';
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
}

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
});

type NewUser = Omit<UserRecord, 'firmName' | 'taxCode'>;

function conflictOnDuplicate(e: unknown): never {
  if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
    const detail = String(
      (e as { driverError?: { constraint?: string }; constraint?: string }).driverError?.constraint ?? '',
    );
    if (detail.includes('tax_code'))
      throw new AppError('CONFLICT', 'Mã số thuế đã được đăng ký', [
        { field: 'taxCode', message: 'Mã số thuế đã được đăng ký' },
      ]);
    throw new AppError('CONFLICT', 'Email đã được sử dụng', [{ field: 'email', message: 'Email đã được sử dụng' }]);
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
    tokenHash: string;
    expiresAt: Date;
    createdAt: Date;
  }): Promise<void> {
    await this.ds.getRepository(RefreshToken).insert(t);
  }

  /**
   * Revokes a refresh token and returns its user, atomically: of two concurrent refreshes with the
   * same token only one succeeds. A token that was already revoked signals theft: every token of that
   * user is revoked.
   */
  async consumeRefreshToken(tokenHash: string, now: Date): Promise<{ userId: string } | { reused: true } | null> {
    return inTransaction(this.ds, async (em) => {
      const tokens = em.getRepository(RefreshToken);
      const t = await tokens
        .createQueryBuilder('t')
        .where('t.tokenHash = :tokenHash', { tokenHash })
        .setLock('pessimistic_write')
        .getOne();
      if (!t) return null;
      if (t.revokedAt) {
        await tokens.update({ userId: t.userId, revokedAt: IsNull() }, { revokedAt: now });
        return { reused: true as const };
      }
      if (t.expiresAt <= now) return null;
      await tokens.update({ id: t.id }, { revokedAt: now });
      return { userId: t.userId };
    });
  }

  async listOfficers(): Promise<UserRecord[]> {
    const users = await this.withFirm().where(`u.role <> 'FIRM'`).orderBy('u.createdAt').getMany();
    return users.map(toUser);
  }
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
