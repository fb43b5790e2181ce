import type { AccountStateV1 } from '@ates/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Accounting's copy of the popugs (from accounts-stream), each with a balance. A newer `version` wins,
 * so duplicates and reordering converge; money for an account not heard of yet opens it as a placeholder
 * that AccountCreated later fills in (the balance is never touched by account events).
 */
@Injectable()
export class AccountBookRepository {
  async applyState(tx: EntityManager, s: AccountStateV1): Promise<void> {
    await tx.query(
      `INSERT INTO accounting.accounts (public_id, username, email, full_name, role, active, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (public_id) DO UPDATE
         SET username = EXCLUDED.username, email = EXCLUDED.email, full_name = EXCLUDED.full_name,
             role = EXCLUDED.role, active = EXCLUDED.active, version = EXCLUDED.version
       WHERE accounting.accounts.version < EXCLUDED.version`,
      [s.public_id, s.username, s.email, s.full_name, s.role, s.active, s.version],
    );
  }

  /**
   * Adds `delta` cents to an account's balance and returns its internal id, opening a placeholder for an
   * account not heard of yet — one statement, which also returns the row when another transaction has just
   * inserted it.
   */
  async addToBalance(tx: EntityManager, publicId: string, delta: number): Promise<string> {
    const [row]: { id: string }[] = await tx.query(
      `INSERT INTO accounting.accounts AS a (public_id, balance) VALUES ($1, $2)
       ON CONFLICT (public_id) DO UPDATE SET balance = a.balance + EXCLUDED.balance RETURNING id`,
      [publicId, delta],
    );
    return row.id;
  }
}
