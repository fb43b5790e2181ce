import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

// Two-key advisory locks live apart from the one-key ones (the outbox relay's): (namespace, lock).
const GATE = `hashtext('accounting'), hashtext('posting-gate')`;

/**
 * The one rule that makes a close exact (SPEC §3.6): every transaction that writes balances or accounts
 * passes the gate in shared mode *before* touching them; a close passes it exclusively. PostgreSQL's lock
 * queue is fair, so a close waits only for the postings already in flight, postings that arrive meanwhile
 * wait for the close, and a posting lands wholly before the close (old cycle, in the payout) or wholly
 * after it (new cycle). Taking the gate first also rules out lock-order deadlocks on account rows.
 * Transaction-scoped advisory locks: released on commit or rollback, never left behind by a crash.
 */
@Injectable()
export class PostingGate {
  async enterToPost(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock_shared(${GATE})`);
  }

  async enterToClose(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(${GATE})`);
  }
}
