import type { Role } from '@ates/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from './authenticated-user';

/** The service's table of accounts with `public_id`, `active`, `role` and `version` (e.g. `tasks.accounts`). */
export const ACCOUNTS_TABLE = Symbol('ACCOUNTS_TABLE');

/**
 * Why a token that verifies is still refused, or null. Plain rule, shared by every service. The copy decides only
 * when it is at least as new as the token (`version` ≥ the token's `ver`): a popug promoted a moment ago, whose
 * new token is newer than a service's copy, is not refused while the event is on its way.
 */
export function tokenRefusal(
  user: Pick<AuthenticatedUser, 'role' | 'version'>,
  account: { active: boolean | null; role: Role | null; version: number } | undefined,
): string | null {
  if (!account || account.version < user.version) return null; // not heard of yet, or older than the token
  if (account.active !== true) return 'This account is deactivated';
  if (account.role !== user.role) return 'This account’s role has changed: sign in again';
  return null;
}

/**
 * Access tokens live up to 15 minutes, but a deactivation or a role change must take effect at once: every
 * authenticated request is checked against the service's own copy of the accounts (auth's table, or the
 * replica each service keeps from accounts-stream — so within the event's delay, without asking auth).
 * Placeholders (version 0, made by out-of-order events) are not a known state and do not refuse.
 */
@Injectable()
export class AccountStates {
  constructor(
    private readonly db: DataSource,
    @Inject(ACCOUNTS_TABLE) private readonly table: string,
  ) {}

  async refusal(user: AuthenticatedUser): Promise<string | null> {
    const [account]: { active: boolean | null; role: Role | null; version: number }[] = await this.db.query(
      `SELECT active, role, version FROM ${this.table} WHERE public_id = $1 AND version > 0`,
      [user.id],
    );
    return tokenRefusal(user, account);
  }
}
