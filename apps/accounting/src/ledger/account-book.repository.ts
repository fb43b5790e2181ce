import type { AccountStateV1 } from '@ates/contracts';
import { col, queryRows, rowOf } from '@ates/database';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PostingGate } from './posting-gate.repository';

const ID = rowOf('account id', { id: col.text, public_id: col.text });
/**
 * Accounting's copy of the popugs (from accounts-stream), each with a balance. A newer `version` wins,
 * so duplicates and reordering converge; money for an account not heard of yet opens it as a placeholder
 * that AccountCreated later fills in (the balance is never touched by account events).
 */
@Injectable()
export class AccountBookRepository {
  constructor(private readonly gate: PostingGate) {}

  async applyState(tx: EntityManager, s: AccountStateV1): Promise<void> {
    await this.gate.enterToPost(tx); // the row may be locked by a close's payout: queue behind it, fairly
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
   * Adds each delta (cents) to its account's balance, one statement for them all, and returns the accounts'
   * internal ids by public id, opening a placeholder for an account not heard of yet; the row comes back also
   * when another transaction has just inserted it. The caller is behind the posting gate.
   */
  async addToBalances(tx: EntityManager, deltas: ReadonlyMap<string, number>): Promise<Map<string, string>> {
    const ids = [...deltas.keys()].sort(); // one lock order for concurrent chunks
    const rows = await queryRows(
      tx,
      ID,
      `INSERT INTO accounting.accounts AS a (public_id, balance)
       SELECT * FROM unnest($1::uuid[], $2::bigint[])
       ON CONFLICT (public_id) DO UPDATE SET balance = a.balance + EXCLUDED.balance RETURNING id, public_id`,
      [ids, ids.map((id) => deltas.get(id))],
    );
    return new Map(rows.map((row) => [row.public_id, row.id]));
  }

  /**
   * Where popugs' e-mails go, for those whose address accounting has heard of (by public id). Reads the rows
   * FOR SHARE (after the gate, like every path here), in public id order so concurrent readers lock alike: an
   * AccountCreated/Updated updating one concurrently either commits first (its address is read here) or waits
   * for this transaction (and then addresses the e-mail queued here).
   */
  async recipients(
    tx: EntityManager,
    publicIds: readonly string[],
  ): Promise<Map<string, { email: string; fullName: string | null }>> {
    await this.gate.enterToPost(tx);
    const rows = await queryRows(
      tx,
      RECIPIENT,
      `SELECT public_id, email, full_name FROM accounting.accounts
        WHERE public_id = ANY($1::uuid[]) ORDER BY public_id FOR SHARE`,
      [[...new Set(publicIds.map((id) => id.toLowerCase()))]],
    );
    return new Map(
      rows.flatMap((r) => (r.email ? [[r.public_id, { email: r.email, fullName: r.full_name }]] : [])),
    );
  }
}

const RECIPIENT = rowOf('recipient', {
  public_id: col.text,
  email: col.nullable(col.text),
  full_name: col.nullable(col.text),
});
