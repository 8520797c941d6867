import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { hashPassword } from '#libs/auth/src/index.js';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import type { Language } from '#libs/domain/src/language/language.js';
import { AppError } from '#libs/errors/src/index.js';
import { AuthService, hashToken } from './auth.service.js';
import type { PasswordResetRequested } from './dto/auth.dto.js';
import { PasswordResetMailer } from './password-reset.mailer.js';
import { UserRepository } from './user.repository.js';

/** Where a reset link opens: the firm portal's form, the secret in the fragment (never sent in a request line). */
export const resetLinkPath = (token: string) => `/firm/#/reset/${token}`;

/**
 * "Forgot password" for a firm's account: a single-use link by e-mail that expires. The request is answered at
 * once and alike for every address: looking the account up, storing the link and sending the mail happen after
 * the answer, so neither its words nor its time tell whether the address has an account.
 */
@Injectable()
export class PasswordResetService implements OnModuleDestroy {
  private readonly logger = new Logger('PasswordReset');
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly users: UserRepository,
    private readonly auth: AuthService,
    private readonly mailer: PasswordResetMailer,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  request(email: string, lang: Language): PasswordResetRequested {
    const work: Promise<void> = this.sendLink(email.trim().toLowerCase(), lang)
      .catch((e: Error) => this.logger.error(`A password reset e-mail was not sent: ${e.message}`))
      .finally(() => this.sending.delete(work));
    this.sending.add(work);
    return { expiresInMinutes: this.config.passwordReset.ttlMinutes };
  }

  /** Sets the new password if the link still works; every session of the account ends. */
  async reset(token: string, newPassword: string): Promise<void> {
    const done = await this.users.resetPassword(hashToken(token), await hashPassword(newPassword), this.clock.now());
    if (!done) throw AppError.invalid('token', 'resetLinkInvalid');
    this.auth.revoked(done.userId, done.tokenVersion);
  }

  private async sendLink(email: string, lang: Language): Promise<void> {
    const user = await this.users.findByEmail(email);
    // Officers' accounts are managed by the gate's administrator.
    if (!user || user.disabled || user.role !== 'FIRM') return;
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const minutes = this.config.passwordReset.ttlMinutes;
    await this.users.savePasswordReset({
      id: randomUUID(),
      userId: user.id,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + minutes * 60_000),
      createdAt: now,
    });
    await this.mailer.send(user.email, lang, { minutes, link: `${this.config.publicOrigin}${resetLinkPath(token)}` });
  }

  /** Mails being sent finish before the connections close. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.sending]);
  }
}
