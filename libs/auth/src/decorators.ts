import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Permission } from '#libs/domain/src/index.js';
import type { AuthUser } from './auth-user.js';

export const IS_PUBLIC = 'auth:public';
export const PERMISSION_KEY = 'auth:permission';

/** The endpoint needs no token (login, register, the public board). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Only the roles the permission table (libs/domain) gives this permission may call the endpoint; gate and
 * owner checks still happen per object in the service.
 */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

/** Who acts and from which console: recorded with every change. */
export interface Actor {
  id: string | null;
  role: string;
  console: string | null;
}

/** The acting user and their console (the `X-Console` header the web consoles send, else the user agent). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ user: AuthUser; headers: Record<string, string | undefined> }>();
  const console = (req.headers['x-console'] ?? req.headers['user-agent'] ?? '').slice(0, 120) || null;
  return { id: req.user.id, role: req.user.role, console };
});
