import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Role } from '#libs/domain/src/index.js';
import { inTransaction, PG_UNIQUE_VIOLATION, pgErrorCode } from '#libs/database/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';

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

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  full_name: string;
  role: Role;
  firm_id: string | null;
  firm_name: string | null;
  tax_code: string | null;
  gates: string[];
  created_at: Date;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  passwordHash: r.password_hash,
  fullName: r.full_name,
  role: r.role,
  firmId: r.firm_id,
  firmName: r.firm_name,
  taxCode: r.tax_code,
  gates: r.gates,
  createdAt: r.created_at,
});

const SELECT_USER = `SELECT u.*, f.name AS firm_name, f.tax_code FROM users u LEFT JOIN firms f ON f.id = u.firm_id`;

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

  async findByEmail(email: string): Promise<UserRecord | null> {
    const rows: UserRow[] = await this.ds.query(`${SELECT_USER} WHERE u.email = $1`, [email.toLowerCase()]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const rows: UserRow[] = await this.ds.query(`${SELECT_USER} WHERE u.id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** A firm and its first user are created together or not at all. */
  async createFirmWithUser(
    firm: { id: string; name: string; taxCode: string; phone: string },
    user: Omit<UserRecord, 'firmName' | 'taxCode'>,
  ): Promise<void> {
    await inTransaction(this.ds, async (em) => {
      await em.query('INSERT INTO firms (id, name, tax_code, phone, created_at) VALUES ($1, $2, $3, $4, $5)', [
        firm.id,
        firm.name,
        firm.taxCode,
        firm.phone,
        user.createdAt,
      ]);
      await this.insertUser(em, user);
    }).catch(conflictOnDuplicate);
  }

  async createUser(user: Omit<UserRecord, 'firmName' | 'taxCode'>): Promise<void> {
    await this.insertUser(this.ds.manager, user).catch(conflictOnDuplicate);
  }

  private async insertUser(em: DataSource['manager'], u: Omit<UserRecord, 'firmName' | 'taxCode'>): Promise<void> {
    await em.query(
      'INSERT INTO users (id, email, password_hash, full_name, role, firm_id, gates, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [u.id, u.email.toLowerCase(), u.passwordHash, u.fullName, u.role, u.firmId, u.gates, u.createdAt],
    );
  }

  async saveRefreshToken(t: {
    id: string;
    userId: string;
    tokenHash: string;
    expiresAt: Date;
    createdAt: Date;
  }): Promise<void> {
    await this.ds.query(
      'INSERT INTO refresh_tokens (id, user_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)',
      [t.id, t.userId, t.tokenHash, t.expiresAt, t.createdAt],
    );
  }

  /**
   * Revokes a refresh token and returns its user, atomically: of two concurrent refreshes with the
   * same token only one succeeds. A token that was already revoked signals theft: every token of that
   * user is revoked.
   */
  async consumeRefreshToken(tokenHash: string, now: Date): Promise<{ userId: string } | { reused: true } | null> {
    return inTransaction(this.ds, async (em) => {
      const rows: { id: string; user_id: string; expires_at: Date; revoked_at: Date | null }[] = await em.query(
        'SELECT id, user_id, expires_at, revoked_at FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE',
        [tokenHash],
      );
      const t = rows[0];
      if (!t) return null;
      if (t.revoked_at) {
        await em.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [
          t.user_id,
          now,
        ]);
        return { reused: true as const };
      }
      if (t.expires_at <= now) return null;
      await em.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE id = $1', [t.id, now]);
      return { userId: t.user_id };
    });
  }

  async listOfficers(): Promise<UserRecord[]> {
    const rows: UserRow[] = await this.ds.query(`${SELECT_USER} WHERE u.role <> 'FIRM' ORDER BY u.created_at`);
    return rows.map(toUser);
  }
}
