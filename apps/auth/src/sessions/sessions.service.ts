import type { AuthServiceConfig } from '@ates/config';
import { DomainError, notFound, tooMany } from '@ates/platform';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Account, AccountsRepository } from '../accounts/accounts.repository';
import { AUTH_CONFIG } from '../auth.tokens';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { TokenIssuer } from './token-issuer';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const BAD_CREDENTIALS = 'Invalid username or password';

@Injectable()
export class SessionsService {
  constructor(
    private readonly db: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly tokens: TokenIssuer,
    @Inject(AUTH_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  async login(username: string, password: string, clientAddress: string): Promise<TokenPair> {
    const wait = this.throttle.retryAfter(username, clientAddress);
    if (wait > 0) throw tooMany('Too many failed attempts', wait);
    this.throttle.failed(username, clientAddress); // reserved before the slow check; taken back on success
    const account = await this.accounts.withHash(username);
    if (!(await this.hasher.verifyOrBurn(account?.passwordHash, password)) || !account) {
      throw new DomainError('unauthorized', BAD_CREDENTIALS);
    }
    this.throttle.succeeded(username, clientAddress);
    if (!account.active) throw new DomainError('unauthorized', 'Account is deactivated');
    return this.db.transaction(async (tx) =>
      this.pair(account, await this.refreshTokens.issue(tx, account.id, randomUUID(), this.ttl)),
    );
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    // The transaction commits even when the token is refused, so a reuse-triggered family revocation sticks.
    const pair = await this.db.transaction(async (tx) => {
      const used = await this.refreshTokens.consume(tx, refreshToken);
      const account = used && (await this.accounts.byId(tx, used.accountId));
      if (!used || !account || !account.active) return null;
      return this.pair(account, await this.refreshTokens.issue(tx, account.id, used.familyId, this.ttl));
    });
    if (!pair) throw new DomainError('unauthorized', 'Invalid or expired refresh token');
    return pair;
  }

  async logout(accountPublicId: string, refreshToken: string): Promise<void> {
    const account = await this.accounts.byPublicId(accountPublicId);
    if (!account) throw notFound('Account');
    await this.db.transaction((tx) => this.refreshTokens.revoke(tx, refreshToken, account.id));
  }

  private get ttl(): number {
    return this.config.refreshTokenTtlSeconds;
  }

  private async pair(account: Account, refreshToken: string): Promise<TokenPair> {
    return {
      accessToken: await this.tokens.accessToken(account),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.tokens.expiresIn,
    };
  }
}
