import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { JwtAuthGuard, PermissionGuard } from './auth.guards.js';
import { JwtStrategy } from './jwt.strategy.js';
import { TokenRevocations } from './token-revocations.js';

/** Token verification shared by every service; only the declaration service issues tokens. */
@Global()
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [PLATFORM_CONFIG],
      useFactory: (c: PlatformConfig) => ({
        secret: c.jwt.secret,
        signOptions: {
          algorithm: 'HS256',
          issuer: c.jwt.issuer,
          audience: c.jwt.audience,
          expiresIn: c.jwt.accessTtlSeconds,
        },
        verifyOptions: { algorithms: ['HS256'], issuer: c.jwt.issuer, audience: c.jwt.audience },
      }),
    }),
  ],
  providers: [
    JwtStrategy,
    TokenRevocations,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: PermissionGuard },
  ],
  exports: [JwtModule, TokenRevocations],
})
export class AuthModule {}
