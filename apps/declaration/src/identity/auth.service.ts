import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  type AccessTokenPayload,
  type AuthUser,
  hashPassword,
  TokenRevocations,
  verifyPassword,
} from '#libs/auth/src/index.js';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { parsePhone, parseTaxCode } from '#libs/domain/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import type { ManagedOutboxRelay } from '#libs/events/src/index.js';
import { DECLARATION_RELAY } from '../events/declaration-events.js';
import type { ChangePasswordDto, LoginDto, RegisterFirmDto } from './dto/auth.dto.js';
import { type UserRecord, UserRepository } from './user.repository.js';
import type { TokenPair, UserView } from './dto/user-view.dto.js';

export function toUserView(u: UserRecord): UserView {
  return {
    id: u.id,
    email: u.email,
    fullName: u.fullName,
    role: u.role,
    gates: u.gates,
    firm: u.firmId ? { id: u.firmId, name: u.firmName ?? '', taxCode: u.taxCode ?? '' } : null,
    disabled: u.disabled,
  };
}

/** What is stored of a secret handed to a client (refresh token, reset link): its hash, never the secret. */
export const hashToken = (s: string) => createHash('sha256').update(s).digest('hex');

@Injectable()
export class AuthService {
  // Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
  private readonly dummyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    private readonly users: UserRepository,
    private readonly jwt: JwtService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly revocations: TokenRevocations,
    @Inject(DECLARATION_RELAY) private readonly relay: ManagedOutboxRelay,
  ) {}

  async registerFirm(dto: RegisterFirmDto): Promise<TokenPair> {
    const taxCode = parseTaxCode(dto.taxCode);
    const phone = parsePhone(dto.phone);
    if (!taxCode.ok) throw AppError.refusedField('taxCode', taxCode.refusal);
    if (!phone.ok) throw AppError.refusedField('phone', phone.refusal);
    const now = this.clock.now();
    const firmId = randomUUID();
    const user = {
      id: randomUUID(),
      email: dto.email.trim().toLowerCase(),
      passwordHash: await hashPassword(dto.password),
      fullName: dto.fullName?.trim() ?? '',
      role: 'FIRM' as const,
      firmId,
      gates: [],
      createdAt: now,
    };
    await this.users.createFirmWithUser(
      { id: firmId, name: dto.firmName.trim(), taxCode: taxCode.value.normalized, phone: phone.value.normalized },
      user,
    );
    return this.issue((await this.users.findById(user.id))!, randomUUID());
  }

  async login(dto: LoginDto): Promise<TokenPair> {
    const user = await this.users.findByEmail(dto.email.trim());
    const ok = await verifyPassword(dto.password, user?.passwordHash ?? (await this.dummyHash));
    if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'wrongCredentials');
    if (user.disabled) throw AppError.forbidden('accountDisabled');
    return this.issue(user, randomUUID());
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const result = await this.users.rotateRefreshToken(
      hashToken(refreshToken),
      this.clock.now(),
      this.config.jwt.refreshGraceSeconds,
    );
    if (!result || 'reused' in result) throw new AppError('UNAUTHENTICATED', 'sessionExpired');
    const user = await this.users.findById(result.userId);
    if (!user || user.disabled) throw new AppError('UNAUTHENTICATED', 'accountInactive');
    return this.issue(user, result.familyId);
  }

  /** Ends this login (its refresh tokens) and voids every access token of the user issued so far. */
  async logout(caller: AuthUser, refreshToken: string): Promise<void> {
    const version = await this.users.logout(caller.id, hashToken(refreshToken), this.clock.now());
    this.revoked(caller.id, version);
  }

  /** A new password ends every session of the user, everywhere; the caller continues in a new one. */
  async changePassword(caller: AuthUser, dto: ChangePasswordDto): Promise<TokenPair> {
    const user = await this.users.findById(caller.id);
    if (!user || user.disabled) throw new AppError('UNAUTHENTICATED', 'accountInactive');
    if (!(await verifyPassword(dto.currentPassword, user.passwordHash)))
      throw AppError.invalid('currentPassword', 'currentPasswordWrong');
    const version = await this.users.changePassword(user.id, await hashPassword(dto.newPassword), this.clock.now());
    this.revoked(user.id, version);
    return this.issue(user, randomUUID());
  }

  /** "Log out everywhere": every session of the caller ends, this one included. */
  async revokeAllSessions(caller: AuthUser): Promise<void> {
    this.revoked(caller.id, await this.users.revokeAllSessions(caller.id, this.clock.now()));
  }

  /**
   * After a revocation committed: this process refuses the old tokens from now on (the other replicas hear it
   * by NOTIFY), and the relay carries `user.revoked` to the other services without waiting for its next poll.
   */
  revoked(userId: string, version: number): void {
    this.revocations.note(userId, version);
    this.relay.poke();
  }

  /** A new pair; the refresh token joins `familyId` (a new one at login). */
  private async issue(user: UserRecord, familyId: string): Promise<TokenPair> {
    const now = this.clock.now();
    const payload: AccessTokenPayload = {
      sub: user.id,
      role: user.role,
      firmId: user.firmId,
      gates: user.gates,
      ver: await this.users.tokenVersion(user.id),
      typ: 'access',
    };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: this.config.jwt.accessTtlSeconds });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.users.saveRefreshToken({
      id: randomUUID(),
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(now.getTime() + this.config.jwt.refreshTtlSeconds * 1000),
      createdAt: now,
    });
    return { accessToken, refreshToken, expiresIn: this.config.jwt.accessTtlSeconds, user: toUserView(user) };
  }
}
