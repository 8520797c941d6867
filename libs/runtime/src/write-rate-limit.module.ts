import {
  type CanActivate,
  type DynamicModule,
  type ExecutionContext,
  Inject,
  Injectable,
  Module,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '#libs/auth/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { refuseIfWaiting, SharedRateLimits } from './rate-limits.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WRITE_LIMITS_DB = Symbol('WRITE_LIMITS_DB');

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
 * The counters are in the database of the process's first service, so every replica of a service counts
 * together (`npm start`, which hosts them all, counts once for all).
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  private readonly limits: SharedRateLimits;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig, @Inject(WRITE_LIMITS_DB) ds: DataSource) {
    const { perFirm, perIp, ttlSeconds } = config.writeRateLimit;
    this.limits = new SharedRateLimits(ds, [
      { keyPrefix: 'firm', points: perFirm, duration: ttlSeconds },
      { keyPrefix: 'ip', points: perIp, duration: ttlSeconds },
    ]);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<WriteRequest>();
    if (!WRITES.has(req.method) || (req.routeOptions?.url ?? '').startsWith('/api/internal/')) return true;
    const reply = ctx.switchToHttp().getResponse<Reply>();
    // Both counters in one statement: one round trip of added latency.
    const firmId = req.user?.firmId;
    refuseIfWaiting(
      await this.limits.consume(firmId ? { ip: req.ip, firm: firmId } : { ip: req.ip }),
      reply,
      'tooManyWrites',
    );
    return true;
  }
}

@Module({})
export class WriteRateLimitModule {
  /** `database`: the connection name whose schema holds the counters. */
  static forRoot(database: string): DynamicModule {
    return {
      module: WriteRateLimitModule,
      providers: [
        { provide: WRITE_LIMITS_DB, useExisting: getDataSourceToken(database) },
        { provide: APP_GUARD, useClass: WriteRateLimitGuard },
      ],
    };
  }
}
