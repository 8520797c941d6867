import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type AuthUser, hashPassword } from '#libs/auth/src/index.js';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { isOfficer } from '#libs/domain/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { GateDirectory } from '../gates/gate-directory.js';
import type { CreateUserDto } from './dto/create-user.dto.js';
import { AuthService, toUserView } from './auth.service.js';
import type { UserView } from './dto/user-view.dto.js';
import { UserRepository } from './user.repository.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly gates: GateDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly auth: AuthService,
  ) {}

  /** An admin creates an officer scoped to known gates (admins need no gates). */
  async createOfficer(dto: CreateUserDto): Promise<UserView> {
    const gates = [...new Set(dto.gates)];
    const unknown = await this.gates.unknownCodes(gates);
    if (unknown.length) throw AppError.invalid('gates', 'gatesUnknown', { gates: unknown.join(', ') });
    if (isOfficer(dto.role) && gates.length === 0) throw AppError.invalid('gates', 'officerNeedsGate');
    const id = randomUUID();
    await this.users.createUser({
      id,
      email: dto.email.trim().toLowerCase(),
      passwordHash: await hashPassword(dto.password),
      fullName: dto.fullName?.trim() ?? '',
      role: dto.role,
      firmId: null,
      gates: isOfficer(dto.role) ? gates : [],
      createdAt: this.clock.now(),
    });
    return toUserView((await this.users.findById(id))!);
  }

  /** Disabling ends the account's sessions in every service at once; an administrator cannot lock themself out. */
  async setDisabled(admin: AuthUser, id: string, disabled: boolean): Promise<UserView> {
    if (disabled && id === admin.id) throw new AppError('CONFLICT', 'cannotDisableSelf');
    const version = await this.users.setDisabled(id, disabled, this.clock.now());
    if (version === undefined) throw AppError.notFound('accountNotFound');
    if (version !== null) this.auth.revoked(id, version);
    return toUserView((await this.users.findById(id))!);
  }

  async me(user: AuthUser): Promise<UserView> {
    const found = await this.users.findById(user.id);
    if (!found) throw AppError.notFound('accountNotFound');
    return toUserView(found);
  }

  async listOfficers(): Promise<UserView[]> {
    return (await this.users.listOfficers()).map(toUserView);
  }
}
