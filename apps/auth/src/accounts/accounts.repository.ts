import { ROLES } from '@ates/contracts';
import { col, queryOne, queryRows, rowOf, type Column, type Queryable, type RowShape } from '@ates/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AccountEntity } from './account.entity';

/** An account as the service hands it around: its entity (the table's typed schema) without the password hash. */
export type Account = Omit<AccountEntity, 'passwordHash'>;
export type NewAccountRow = Pick<
  AccountEntity,
  'username' | 'email' | 'fullName' | 'passwordHash' | 'role' | 'active' | 'version'
>;

const at: Column<Date> = (value) => new Date(col.timestamp(value));
const ACCOUNT_SHAPE: RowShape<Account> = {
  id: col.text,
  publicId: col.text,
  username: col.text,
  email: col.text,
  fullName: col.text,
  role: col.oneOf(...ROLES),
  active: col.bool,
  version: col.int,
  createdAt: at,
  updatedAt: at,
};
const ACCOUNT = rowOf('auth account', ACCOUNT_SHAPE);
const WITH_HASH = rowOf<Account & { passwordHash: string }>('auth account with its hash', {
  ...ACCOUNT_SHAPE,
  passwordHash: col.text,
});
const ID = rowOf<{ id: string }>('auth account id', { id: col.text });

const COLUMNS = `id, public_id AS "publicId", username, email, full_name AS "fullName", role, active,
  version, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** auth.accounts, the source of truth for popugs: one row per account, its changes counted by `version`. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(tx: EntityManager, a: NewAccountRow): Promise<Account> {
    const row = await queryOne(
      tx,
      ACCOUNT,
      `INSERT INTO auth.accounts (username, email, full_name, password_hash, role, active, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING ${COLUMNS}`,
      [a.username, a.email, a.fullName, a.passwordHash, a.role, a.active, a.version],
    );
    if (!row) throw new Error('INSERT … RETURNING gave no row');
    return row;
  }

  /** Writes an account's changeable fields and its version back (the caller holds its row lock). */
  async update(tx: EntityManager, a: Account): Promise<void> {
    await tx.query(
      `UPDATE auth.accounts
          SET email = $2, full_name = $3, role = $4, active = $5, version = $6, updated_at = $7
        WHERE id = $1`,
      [a.id, a.email, a.fullName, a.role, a.active, a.version, a.updatedAt],
    );
  }

  /** The account, its row locked until the transaction ends. */
  lock(tx: EntityManager, publicId: string): Promise<Account | undefined> {
    return queryOne(tx, ACCOUNT, `SELECT ${COLUMNS} FROM auth.accounts WHERE public_id = $1 FOR UPDATE`, [
      publicId,
    ]);
  }

  byPublicId(publicId: string): Promise<Account | undefined> {
    return queryOne(this.db, ACCOUNT, `SELECT ${COLUMNS} FROM auth.accounts WHERE public_id = $1`, [
      publicId,
    ]);
  }

  byId(db: Queryable, id: string): Promise<Account | undefined> {
    return queryOne(db, ACCOUNT, `SELECT ${COLUMNS} FROM auth.accounts WHERE id = $1`, [id]);
  }

  /** Newest first. */
  list(limit: number): Promise<Account[]> {
    return queryRows(this.db, ACCOUNT, `SELECT ${COLUMNS} FROM auth.accounts ORDER BY id DESC LIMIT $1`, [
      limit,
    ]);
  }

  /** For login only: the account with its password hash. */
  withHash(username: string): Promise<(Account & { passwordHash: string }) | undefined> {
    return queryOne(
      this.db,
      WITH_HASH,
      `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM auth.accounts WHERE username = $1`,
      [username],
    );
  }

  async anyAdmin(): Promise<boolean> {
    return (
      (await queryOne(this.db, ID, `SELECT id FROM auth.accounts WHERE role = 'admin' LIMIT 1`)) !== undefined
    );
  }

  /** Locks the other active admins (two concurrent demotions can't remove the last two at once); how many. */
  async lockOtherActiveAdmins(tx: EntityManager, exceptId: string): Promise<number> {
    const rows = await queryRows(
      tx,
      ID,
      `SELECT id FROM auth.accounts WHERE role = 'admin' AND active AND id <> $1 FOR UPDATE`,
      [exceptId],
    );
    return rows.length;
  }
}
