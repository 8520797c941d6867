import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { type AuthUser, authUserFromPayload, TokenRevocations } from '#libs/auth/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import type { LiveSocket } from './live-socket.js';

/**
 * The handshake: the page's Origin must be one the platform serves, and the same access token as the REST
 * API (HS256, issuer, audience) comes in `auth.token`, never in the URL (URLs end up in logs). No token
 * at all is the public board's anonymous connection. A connected socket moves to a renewed token with
 * `auth.renew`, checked by the same `verify`.
 */
@Injectable()
export class SocketAuthenticator {
  constructor(
    private readonly jwt: JwtService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly revocations: TokenRevocations,
  ) {}

  /** A socket's token revoked since it connected (logout, password change, disabled account) is refused. */
  assertCurrent(user: AuthUser | null): void {
    if (user && !this.revocations.isCurrent(user)) throw new AppError('UNAUTHENTICATED', 'sessionEnded');
  }

  async authenticate(socket: LiveSocket): Promise<void> {
    const { headers, query, auth } = socket.handshake;
    // Browsers always send Origin; a page of another site must not open a socket with a user's token.
    const origin = headers.origin;
    if (origin && !this.config.corsOrigins.includes(origin))
      throw AppError.forbidden('originNotAllowed', { origin: String(origin).slice(0, 100) });
    if (query.token !== undefined || query.access_token !== undefined) {
      throw new AppError('UNAUTHENTICATED', 'tokenInUrl');
    }
    const token = (auth as { token?: unknown } | undefined)?.token;
    socket.data.subs = new Map();
    socket.data.user = null;
    socket.data.expiresAt = null;
    if (token === undefined || token === null || token === '') return;
    const { user, expiresAt } = await this.verify(token);
    socket.data.user = user;
    socket.data.expiresAt = expiresAt;
  }

  /**
   * A renewed token for a connected socket, checked exactly as in the handshake. It must name the same person
   * with the same role, firm and gates: the socket's rooms and subscriptions were authorized for those (another
   * identity reconnects, and is authorized afresh). Returns the new expiry.
   */
  async renew(socket: LiveSocket, token: unknown): Promise<number | null> {
    const { user, expiresAt } = await this.verify(token);
    const held = socket.data.user;
    if (!held || !sameAuthority(held, user)) throw new AppError('CONFLICT', 'tokenOtherUser');
    socket.data.user = user;
    socket.data.expiresAt = expiresAt;
    return expiresAt;
  }

  private async verify(token: unknown): Promise<{ user: AuthUser; expiresAt: number | null }> {
    if (typeof token !== 'string' || token === '' || token.length > 4096)
      throw new AppError('UNAUTHENTICATED', 'invalidToken');
    let payload: { exp?: number };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch (e) {
      throw new AppError(
        'UNAUTHENTICATED',
        (e as Error).name === 'TokenExpiredError' ? 'sessionExpired' : 'invalidToken',
      );
    }
    const user = authUserFromPayload(payload, this.config.jwt.accessTtlSeconds);
    if (!user) throw new AppError('UNAUTHENTICATED', 'invalidToken');
    this.assertCurrent(user);
    return { user, expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null };
  }
}

function sameAuthority(a: AuthUser, b: AuthUser): boolean {
  return (
    a.id === b.id &&
    a.role === b.role &&
    a.firmId === b.firmId &&
    a.gates.length === b.gates.length &&
    a.gates.every((g) => b.gates.includes(g))
  );
}
