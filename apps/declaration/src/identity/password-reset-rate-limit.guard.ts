import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { consumeOrRefuse, sharedRateLimiter } from '#libs/runtime/src/rate-limits.js';
import { DECLARATION_DB } from '../database/declaration-database.js';

/**
 * Reset links asked for, per client IP and per address typed (PASSWORD_RESET_RATE_LIMIT per PASSWORD_RESET_RATE_TTL
 * seconds): nobody fills a mailbox with links or uses the platform as a mail cannon. The address is counted as
 * typed, whether or not it has an account, so a refusal tells nothing about accounts either.
 */
@Injectable()
export class PasswordResetRateLimitGuard implements CanActivate {
  private readonly byIp: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig, @InjectDataSource(DECLARATION_DB) ds: DataSource) {
    const { rateLimit: points, rateTtlSeconds: duration } = config.passwordReset;
    this.byIp = sharedRateLimiter(ds, { keyPrefix: 'reset-ip', points, duration });
    this.byAddress = sharedRateLimiter(ds, { keyPrefix: 'reset-to', points, duration });
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<{ ip: string; body?: { email?: unknown } }>();
    const reply = http.getResponse<{ header(name: string, value: string): unknown }>();
    await consumeOrRefuse(this.byIp, req.ip, reply, 'tooManyTries');
    const email = req.body?.email;
    if (typeof email === 'string')
      await consumeOrRefuse(this.byAddress, email.trim().toLowerCase(), reply, 'tooManyTries');
    return true;
  }
}
