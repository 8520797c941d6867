import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { type AuthUser, authUserFromPayload } from './auth-user.js';
import { TokenRevocations } from './token-revocations.js';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly revocations: TokenRevocations,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject made once: given the string, jsonwebtoken rebuilds a key on every request (~0.7 ms).
      secretOrKey: createSecretKey(Buffer.from(config.jwt.secret)) as unknown as string,
      // Pinned: a token signed with any other algorithm (or `none`) is refused.
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
    });
  }

  validate(payload: unknown): AuthUser {
    const user = authUserFromPayload(payload, this.config.jwt.accessTtlSeconds);
    if (!user) throw new AppError('UNAUTHENTICATED', 'invalidToken');
    if (!this.revocations.isCurrent(user)) throw new AppError('UNAUTHENTICATED', 'sessionEnded');
    return user;
  }
}
