import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { type AuthUser, authUserFromPayload, REVOKED_MESSAGE, TokenRevocations } from '#libs/auth/src/index.js';
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
    if (user && !this.revocations.isCurrent(user)) throw new AppError('UNAUTHENTICATED', REVOKED_MESSAGE);
  }

  async authenticate(socket: LiveSocket): Promise<void> {
    const { headers, query, auth } = socket.handshake;
    // Browsers always send Origin; a page of another site must not open a socket with a user's token.
    const origin = headers.origin;
    if (origin && !this.config.corsOrigins.includes(origin))
      throw AppError.forbidden(`Nguồn ${String(origin).slice(0, 100)} không được phép kết nối`);
    if (query.token !== undefined || query.access_token !== undefined) {
      throw new AppError('UNAUTHENTICATED', 'Không gửi mã truy cập trên URL: hãy gửi trong auth.token');
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
    if (!held || !sameAuthority(held, user))
      throw new AppError('CONFLICT', 'Mã truy cập mới thuộc người dùng hoặc quyền khác: hãy kết nối lại');
    socket.data.user = user;
    socket.data.expiresAt = expiresAt;
    return expiresAt;
  }

  private async verify(token: unknown): Promise<{ user: AuthUser; expiresAt: number | null }> {
    if (typeof token !== 'string' || token === '' || token.length > 4096)
      throw new AppError('UNAUTHENTICATED', 'Mã truy cập không hợp lệ');
    let payload: { exp?: number };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch (e) {
      throw new AppError(
        'UNAUTHENTICATED',
        (e as Error).name === 'TokenExpiredError'
          ? 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại'
          : 'Mã truy cập không hợp lệ',
      );
    }
    const user = authUserFromPayload(payload, this.config.jwt.accessTtlSeconds);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Mã truy cập không hợp lệ');
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
