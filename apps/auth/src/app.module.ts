import type { AuthServiceConfig } from '@ates/config';
import { ALL_TOPICS } from '@ates/contracts';
import { ServiceCoreModule } from '@ates/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccountEntity } from './accounts/account.entity';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { AdminSeed } from './accounts/admin-seed';
import { AUTH_CONFIG } from './auth.tokens';
import { JwksController } from './keys/jwks.controller';
import { SigningKeysRepository } from './keys/signing-keys.repository';
import { SigningKeysService } from './keys/signing-keys.service';
import { MIGRATIONS } from './migrations';
import { LoginThrottle } from './sessions/login-throttle';
import { SignupLimit } from './sessions/signup-limit';
import { PasswordHasher } from './sessions/password-hasher';
import { RefreshTokensRepository } from './sessions/refresh-tokens.repository';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsService } from './sessions/sessions.service';
import { TokenIssuer } from './sessions/token-issuer';

@Module({})
export class AppModule {
  static forRoot(config: AuthServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forService(config, {
          entities: [AccountEntity],
          migrations: MIGRATIONS,
          topics: ALL_TOPICS.filter((t) => t.startsWith('accounts-')),
        }),
        JwtModule.register({}),
      ],
      controllers: [SessionsController, AccountsController, JwksController],
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        { provide: PasswordHasher, useValue: new PasswordHasher(config.argon2) },
        { provide: LoginThrottle, useValue: new LoginThrottle() },
        { provide: SignupLimit, useValue: new SignupLimit(config.signupsPerHour) },
        SigningKeysRepository,
        SigningKeysService,
        AccountsRepository,
        RefreshTokensRepository,
        TokenIssuer,
        AccountsService,
        SessionsService,
        AdminSeed,
      ],
    };
  }
}
