import type { JwtVerificationConfig } from '@ates/config';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ACCOUNTS_TABLE, AccountStates } from './account-states';
import { JwtAuthGuard, RolesGuard } from './guards';
import { JwtStrategy } from './jwt.strategy';
import { TokenVerifier } from './token-verifier';

/**
 * Token verification for a service: global JWT guard (deny by default) and roles guard; `accountsTable` is the
 * service's copy of the accounts that refuses tokens of deactivated accounts or changed roles.
 */
@Module({})
export class JwtAuthModule {
  static forService(config: JwtVerificationConfig, accountsTable: string): DynamicModule {
    return {
      module: JwtAuthModule,
      imports: [PassportModule],
      providers: [
        { provide: TokenVerifier, useValue: new TokenVerifier(config) },
        { provide: ACCOUNTS_TABLE, useValue: accountsTable },
        AccountStates,
        JwtStrategy,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
