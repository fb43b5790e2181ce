import { col, queryOne, rowOf } from '@ates/database';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountChanges, AccountsCopy } from './account-changes';
import { ACCOUNT_STATE_SQL } from './account-states.queries';
import type { AuthenticatedUser } from './authenticated-user';

/** Where the service's copy of the accounts is (`<schema>.accounts` with `public_id`, `active`, `role`, `version`). */
export const ACCOUNTS_COPY = Symbol('ACCOUNTS_COPY');

export interface AccountState {
  active: boolean | null;
  role: string | null;
  version: number;
}

const accountState = rowOf<AccountState>('account state', {
  active: col.nullable(col.bool),
  role: col.nullable(col.text),
  version: col.int,
});

/** More accounts than this in the cache and it starts over (a cache, not a second copy). */
const MAX_CACHED = 10_000;

/**
 * Why a token that verifies is still refused, or null. Plain rule, shared by every service. The copy decides only
 * when it is at least as new as the token (`version` ≥ the token's `ver`): a popug promoted a moment ago, whose
 * new token is newer than a service's copy, is not refused while the event is on its way.
 */
export function tokenRefusal(
  user: Pick<AuthenticatedUser, 'role' | 'version'>,
  account: AccountState | undefined,
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
 *
 * The states read are kept in memory while the copy's change feed is live (ADR 0017): any change to the copy,
 * by any instance, clears them at its commit's NOTIFY; so does losing the feed, and until it is back (or if the
 * copy has no change trigger) every request reads the table. A read that a change overtook is not kept.
 */
@Injectable()
export class AccountStates implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly cache = new Map<string, AccountState | null>();
  /** Bumped by every reset: a read begun before one may hold a state older than the reset. */
  private generation = 0;
  private readonly changes: AccountChanges;
  private readonly sql: string;

  constructor(
    private readonly db: DataSource,
    @Inject(ACCOUNTS_COPY) copy: AccountsCopy,
  ) {
    this.sql = ACCOUNT_STATE_SQL(copy.schema);
    this.changes = new AccountChanges(copy, () => {
      this.generation += 1;
      this.cache.clear();
    });
  }

  /** The feed is listening before the service takes its first request (or has failed, and is retried). */
  onApplicationBootstrap(): Promise<void> {
    return this.changes.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.changes.stop();
  }

  async refusal(user: AuthenticatedUser): Promise<string | null> {
    return tokenRefusal(user, await this.state(user.id));
  }

  private async state(publicId: string): Promise<AccountState | undefined> {
    const cached = this.changes.live ? this.cache.get(publicId) : undefined;
    if (cached !== undefined) return cached ?? undefined;
    const generation = this.generation;
    const account = await queryOne(this.db, accountState, this.sql, [publicId]);
    if (this.changes.live && generation === this.generation) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(publicId, account ?? null);
    }
    return account;
  }
}
