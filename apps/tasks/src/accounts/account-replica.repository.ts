import type { AccountRoleChangedV1, AccountStateV1, Role } from '@ates/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Addressee } from '../notifications/assignment-notice.rules';
import { ELIGIBLE_ROLES } from '../tasks/assignment.rules';

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

  /** One account's state, for a caller outside a consumer (the same statement). */
  applyState(tx: EntityManager, state: AccountStateV1): Promise<void> {
    return this.applyStates(tx, [state]);
  }

  async applyRoleChange(tx: EntityManager, change: AccountRoleChangedV1): Promise<void> {
    await tx.query(
      `INSERT INTO tasks.accounts (public_id, role, active, version) VALUES ($1, $2, false, 0)
       ON CONFLICT (public_id) DO UPDATE SET role = EXCLUDED.role, updated_at = now()
       WHERE tasks.accounts.version < $3`,
      [change.public_id, change.new_role, change.version],
    );
  }

  /** Public ids of every account a task may be assigned to (SPEC §2.4). */
  async eligible(tx: EntityManager): Promise<string[]> {
    const rows: { public_id: string }[] = await tx.query(
      `SELECT public_id FROM tasks.accounts WHERE active AND role = ANY($1::text[]) ORDER BY public_id`,
      [ELIGIBLE_ROLES as Role[]],
    );
    return rows.map((r) => r.public_id);
  }

  /** Where to notify these popugs; accounts without a known address are left out. */
  async recipients(tx: EntityManager, publicIds: string[]): Promise<Map<string, Addressee>> {
    const rows: { public_id: string; email: string; full_name: string | null }[] = await tx.query(
      `SELECT public_id, email, full_name FROM tasks.accounts WHERE public_id = ANY($1::uuid[]) AND email IS NOT NULL`,
      [publicIds],
    );
    return new Map(rows.map((r) => [r.public_id, { email: r.email, fullName: r.full_name }]));
  }
}
