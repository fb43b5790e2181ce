import type { JwtVerificationConfig } from '@ates/config';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import type { AccountsCopy } from './account-changes';
import { ACCOUNTS_COPY, AccountStates } from './account-states';
import { JwtAuthGuard, RolesGuard } from './guards';
import { JwtStrategy } from './jwt.strategy';
import { TokenVerifier } from './token-verifier';

/**
 * Token verification for a service: global JWT guard (deny by default) and roles guard; `accounts` is the
 * service's copy of the accounts that refuses tokens of deactivated accounts or changed roles.
 */
@Module({})
export class JwtAuthModule {
  static forService(config: JwtVerificationConfig, accounts: AccountsCopy): DynamicModule {
    return {
      module: JwtAuthModule,
      imports: [PassportModule],
      providers: [
        { provide: TokenVerifier, useValue: new TokenVerifier(config) },
        { provide: ACCOUNTS_COPY, useValue: accounts },
        AccountStates,
        JwtStrategy,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
