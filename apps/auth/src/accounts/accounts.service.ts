import type { Role } from '@ates/contracts';
import { isUniqueViolation } from '@ates/database';
import { OutboxWriter } from '@ates/messaging';
import { conflict, notFound } from '@ates/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RefreshTokensRepository } from '../sessions/refresh-tokens.repository';
import { AccountPatch, diffAccount } from './account-changes';
import { accountCreated, accountRoleChanged, accountUpdated } from './account-events';
import { Account, AccountsRepository } from './accounts.repository';

export interface NewAccount {
  username: string;
  email: string;
  fullName: string;
  passwordHash: string;
  role: Role;
}

/** The account store: every change commits together with its events (outbox). */
@Injectable()
export class AccountsService {
  constructor(
    private readonly db: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(account: NewAccount): Promise<Account> {
    try {
      return await this.db.transaction(async (tx) => {
        const created = await this.accounts.insert(tx, { ...account, active: true, version: 1 });
        await this.outbox.append(tx, [accountCreated(created)]);
        return created;
      });
    } catch (error) {
      throw this.translateUnique(error);
    }
  }

  async update(publicId: string, patch: AccountPatch): Promise<Account> {
    try {
      return await this.db.transaction(async (tx) => {
        const account = await this.accounts.lock(tx, publicId);
        if (!account) throw notFound('Account');
        const { changes, removesAnAdmin } = diffAccount(account, patch);
        if (Object.keys(changes).length === 0) return account;
        if (removesAnAdmin && (await this.accounts.lockOtherActiveAdmins(tx, account.id)) === 0)
          throw conflict('The last active admin cannot be demoted or deactivated');
        const changed = { ...account, ...changes, version: account.version + 1, updatedAt: new Date() };
        await this.accounts.update(tx, changed);
        const events = [accountUpdated(changed)];
        if (changes.role) events.push(accountRoleChanged(changed, account.role));
        await this.outbox.append(tx, events);
        if (changes.active === false || changes.role) await this.refreshTokens.revokeAll(tx, account.id);
        return changed;
      });
    } catch (error) {
      throw this.translateUnique(error);
    }
  }

  async get(publicId: string): Promise<Account> {
    const account = await this.accounts.byPublicId(publicId);
    if (!account) throw notFound('Account');
    return account;
  }

  list(limit: number): Promise<Account[]> {
    return this.accounts.list(limit);
  }

  anyAdmin(): Promise<boolean> {
    return this.accounts.anyAdmin();
  }

  private translateUnique(error: unknown): unknown {
    if (isUniqueViolation(error, 'accounts_username_key')) return conflict('Username is already taken');
    if (isUniqueViolation(error, 'accounts_email_key')) return conflict('E-mail is already taken');
    return error;
  }
}
