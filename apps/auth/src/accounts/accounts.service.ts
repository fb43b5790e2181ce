import type { Role } from '@ates/contracts';
import { isUniqueViolation } from '@ates/database';
import { OutboxWriter } from '@ates/messaging';
import { conflict, notFound } from '@ates/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccountPatch, diffAccount } from './account-changes';
import { AccountEntity } from './account.entity';
import { RefreshTokenStore } from '../sessions/refresh-tokens';
import { accountCreated, accountRoleChanged, accountUpdated } from './account-events';

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
  private readonly refreshTokens = new RefreshTokenStore();

  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(account: NewAccount): Promise<AccountEntity> {
    try {
      return await this.db.transaction(async (tx) => {
        const created = await tx.save(
          AccountEntity,
          tx.create(AccountEntity, { ...account, active: true, version: 1, updatedAt: new Date() }),
        );
        const saved = await tx.findOneByOrFail(AccountEntity, { id: created.id });
        await this.outbox.append(tx, [accountCreated(saved)]);
        return saved;
      });
    } catch (error) {
      throw this.translateUnique(error);
    }
  }

  async update(publicId: string, patch: AccountPatch): Promise<AccountEntity> {
    try {
      return await this.db.transaction(async (tx) => {
        const account = await this.lock(tx, publicId);
        const { changes, removesAnAdmin } = diffAccount(account, patch);
        if (Object.keys(changes).length === 0) return account;
        if (removesAnAdmin) await this.ensureAnotherAdmin(tx, account.id);
        const oldRole = account.role;
        Object.assign(account, changes, { version: account.version + 1, updatedAt: new Date() });
        await tx.save(AccountEntity, account);
        const events = [accountUpdated(account)];
        if (changes.role) events.push(accountRoleChanged(account, oldRole));
        await this.outbox.append(tx, events);
        if (changes.active === false || changes.role) await this.refreshTokens.revokeAll(tx, account.id);
        return account;
      });
    } catch (error) {
      throw this.translateUnique(error);
    }
  }

  async get(publicId: string): Promise<AccountEntity> {
    const account = await this.db.getRepository(AccountEntity).findOneBy({ publicId });
    if (!account) throw notFound('Account');
    return account;
  }

  list(limit: number): Promise<AccountEntity[]> {
    return this.db.getRepository(AccountEntity).find({ order: { id: 'DESC' }, take: limit });
  }

  /** For login only: the account with its password hash. */
  findWithHash(username: string): Promise<AccountEntity | null> {
    return this.db
      .getRepository(AccountEntity)
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .where('a.username = :username', { username })
      .getOne();
  }

  async anyAdmin(): Promise<boolean> {
    return (await this.db.getRepository(AccountEntity).countBy({ role: 'admin' })) > 0;
  }

  private async lock(tx: EntityManager, publicId: string): Promise<AccountEntity> {
    const account = await tx.findOne(AccountEntity, {
      where: { publicId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!account) throw notFound('Account');
    return account;
  }

  private async ensureAnotherAdmin(tx: EntityManager, exceptId: string): Promise<void> {
    // Lock the admins so two concurrent demotions cannot remove the last two at once.
    const others: unknown[] = await tx.query(
      `SELECT id FROM auth.accounts WHERE role = 'admin' AND active AND id <> $1 FOR UPDATE`,
      [exceptId],
    );
    if (others.length === 0) throw conflict('The last active admin cannot be demoted or deactivated');
  }

  private translateUnique(error: unknown): unknown {
    if (isUniqueViolation(error, 'accounts_username_key')) return conflict('Username is already taken');
    if (isUniqueViolation(error, 'accounts_email_key')) return conflict('E-mail is already taken');
    return error;
  }
}
