import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { consumeOrRefuse, sharedRateLimiter } from '#libs/runtime/src/rate-limits.js';
import { DECLARATION_DB } from '../database/declaration-database.js';

/**
 * Login attempts per client IP (LOGIN_RATE_LIMIT per LOGIN_RATE_TTL seconds) against password guessing, counted
 * in the service's schema so that spreading the attempts over the replicas does not multiply them.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiterPostgres;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig, @InjectDataSource(DECLARATION_DB) ds: DataSource) {
    const { limit, ttlSeconds } = config.loginRateLimit;
    this.limiter = sharedRateLimiter(ds, { keyPrefix: 'login', points: limit, duration: ttlSeconds });
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const http = ctx.switchToHttp();
    await consumeOrRefuse(
      this.limiter,
      http.getRequest<{ ip: string }>().ip,
      http.getResponse<{ header(name: string, value: string): unknown }>(),
      'tooManyTries',
    );
    return true;
  }
}
