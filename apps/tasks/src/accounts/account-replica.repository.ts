import type { AccountRoleChangedV1, AccountStateV1 } from '@ates/contracts';
import { col, queryRows, rowOf } from '@ates/database';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ELIGIBLE_ROLES } from '../tasks/assignment.rules';

export interface EligibleAccount {
  publicId: string;
  /** Null while the account's address is not known. */
  email: string | null;
  fullName: string | null;
}

const eligibleAccount = rowOf<EligibleAccount>('eligible account', {
  publicId: col.text,
  email: col.nullable(col.text),
  fullName: col.nullable(col.text),
});

/**
 * Tasks' replica of accounts. A state is applied only if newer than the one held (`version`), so duplicates
 * and reordering converge. A role change seen before the account itself creates a placeholder (inactive,
 * version 0) that the account's own stream events complete.
 */
@Injectable()
export class AccountReplicaRepository {
  /** One state per account (the caller folds them), in one statement; accounts in id order (one lock order). */
  async applyStates(tx: EntityManager, states: readonly AccountStateV1[]): Promise<void> {
    if (states.length === 0) return;
    const sorted = [...states].sort((a, b) => (a.public_id < b.public_id ? -1 : 1));
    await tx.query(
      `INSERT INTO tasks.accounts (public_id, username, email, full_name, role, active, version)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::int[])
       ON CONFLICT (public_id) DO UPDATE
         SET username = EXCLUDED.username, email = EXCLUDED.email, full_name = EXCLUDED.full_name,
             role = EXCLUDED.role, active = EXCLUDED.active, version = EXCLUDED.version, updated_at = now()
       WHERE tasks.accounts.version < EXCLUDED.version`,
      [
        sorted.map((s) => s.public_id),
        sorted.map((s) => s.username),
        sorted.map((s) => s.email),
        sorted.map((s) => s.full_name),
        sorted.map((s) => s.role),
        sorted.map((s) => s.active),
        sorted.map((s) => s.version),
      ],
    );
  }

  async applyRoleChange(tx: EntityManager, change: AccountRoleChangedV1): Promise<void> {
    await tx.query(
      `INSERT INTO tasks.accounts (public_id, role, active, version) VALUES ($1, $2, false, 0)
       ON CONFLICT (public_id) DO UPDATE SET role = EXCLUDED.role, updated_at = now()
       WHERE tasks.accounts.version < $3`,
      [change.public_id, change.new_role, change.version],
    );
  }

  /** Every account a task may be assigned to (SPEC §2.4), by public id, with where to notify it. */
  eligible(tx: EntityManager): Promise<EligibleAccount[]> {
    return queryRows(
      tx,
      eligibleAccount,
      `SELECT public_id AS "publicId", email, full_name AS "fullName"
         FROM tasks.accounts WHERE active AND role = ANY($1::text[]) ORDER BY public_id`,
      [ELIGIBLE_ROLES],
    );
  }
}
