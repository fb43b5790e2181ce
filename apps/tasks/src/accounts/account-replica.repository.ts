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
  async applyState(tx: EntityManager, state: AccountStateV1): Promise<void> {
    await tx.query(
      `INSERT INTO tasks.accounts (public_id, username, email, full_name, role, active, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (public_id) DO UPDATE
         SET username = EXCLUDED.username, email = EXCLUDED.email, full_name = EXCLUDED.full_name,
             role = EXCLUDED.role, active = EXCLUDED.active, version = EXCLUDED.version, updated_at = now()
       WHERE tasks.accounts.version < EXCLUDED.version`,
      [
        state.public_id,
        state.username,
        state.email,
        state.full_name,
        state.role,
        state.active,
        state.version,
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
