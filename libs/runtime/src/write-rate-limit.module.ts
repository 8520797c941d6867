import { type CanActivate, type ExecutionContext, Inject, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AuthUser } from '#libs/auth/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { AppError } from '#libs/errors/src/index.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface WriteRequest {
  method: string;
  ip: string;
  user?: AuthUser;
  routeOptions?: { url?: string };
}

interface Reply {
  header(name: string, value: string): unknown;
}

/**
 * Limits writes per firm, and per client IP for every caller, so one firm's runaway script cannot crowd out
 * the others or hoard slots. Reads, sockets and service-to-service deliveries are not limited; login has a
 * stricter limit of its own. A global guard registered after authentication, so it knows the caller's firm.
 * The counters are per process (each service counts the writes it serves).
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  private readonly perFirm: RateLimiterMemory;
  private readonly perIp: RateLimiterMemory;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    const { perFirm, perIp, ttlSeconds } = config.writeRateLimit;
    this.perFirm = new RateLimiterMemory({ keyPrefix: 'firm', points: perFirm, duration: ttlSeconds });
    this.perIp = new RateLimiterMemory({ keyPrefix: 'ip', points: perIp, duration: ttlSeconds });
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<WriteRequest>();
    if (!WRITES.has(req.method) || (req.routeOptions?.url ?? '').startsWith('/api/internal/')) return true;
    try {
      await this.perIp.consume(req.ip);
      if (req.user?.firmId) await this.perFirm.consume(req.user.firmId);
      return true;
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      ctx.switchToHttp().getResponse<Reply>().header('retry-after', String(seconds));
      throw new AppError(
        'RATE_LIMITED',
        `Quá nhiều yêu cầu ghi trong thời gian ngắn, vui lòng thử lại sau ${seconds} giây`,
      );
    }
  }
}

@Module({ providers: [{ provide: APP_GUARD, useClass: WriteRateLimitGuard }] })
export class WriteRateLimitModule {}
