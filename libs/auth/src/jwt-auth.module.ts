import type { JwtVerificationConfig } from '@ates/config';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { JwtAuthGuard, RolesGuard } from './guards';
import { JwtStrategy } from './jwt.strategy';
import { TokenVerifier } from './token-verifier';

/** Token verification for a service: global JWT guard (deny by default) and roles guard. */
@Module({})
export class JwtAuthModule {
  static forService(config: JwtVerificationConfig): DynamicModule {
    return {
      module: JwtAuthModule,
      imports: [PassportModule],
      providers: [
        { provide: TokenVerifier, useValue: new TokenVerifier(config) },
        JwtStrategy,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
