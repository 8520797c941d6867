import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { AppError } from '#libs/errors/src/index.js';

/** Service-to-service calls carry the shared internal token instead of a user's JWT. */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const header =
      ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization ?? '';
    const given = Buffer.from(header.replace(/^Bearer /, ''));
    const expected = Buffer.from(this.config.internalToken);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw AppError.forbidden('internalOnly');
    return true;
  }
}
