import type { AuthServiceConfig } from '@ates/config';
import { DomainError } from '@ates/platform';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AUTH_CONFIG } from '../auth.tokens';
import { PasswordHasher } from '../sessions/password-hasher';
import { AccountsService } from './accounts.service';

/** Creates the `admin` account at first start, from ATES_ADMIN_PASSWORD; refuses to start without it. */
@Injectable()
export class AdminSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminSeed.name);

  constructor(
    private readonly accounts: AccountsService,
    private readonly hasher: PasswordHasher,
    @Inject(AUTH_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.accounts.anyAdmin()) return;
    if (!this.config.adminPassword) {
      throw new Error('ATES_ADMIN_PASSWORD is required to create the admin account on an empty database');
    }
    const created = this.accounts.create({
      username: 'admin',
      email: this.config.adminEmail,
      fullName: 'Administrator',
      passwordHash: await this.hasher.hash(this.config.adminPassword),
      role: 'admin',
    });
    // Another instance starting at the same moment may have won the race: that is fine.
    if (
      !(await created.then(
        () => true,
        (error) => (error instanceof DomainError ? false : Promise.reject(error)),
      ))
    )
      return;
    this.logger.log(`created the admin account (username "admin", e-mail ${this.config.adminEmail})`);
  }
}
