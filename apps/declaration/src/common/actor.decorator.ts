import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthUser } from '#libs/auth/src/index.js';
import type { Actor } from '../declarations/declaration.types.js';

/** Who acts and from which console (the `X-Console` header the web consoles send, else the user agent). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ user: AuthUser; headers: Record<string, string | undefined> }>();
  const console = (req.headers['x-console'] ?? req.headers['user-agent'] ?? '').slice(0, 120) || null;
  return { id: req.user.id, role: req.user.role, console };
});
