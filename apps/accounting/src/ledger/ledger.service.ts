import type { TaskAssignedV1, TaskCompletedV1 } from '@ates/contracts';
import { InboxContext, OutboxWriter } from '@ates/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TaskCatalogRepository, TaskDetails } from '../pricing/task-catalog.repository';
import { AccountBookRepository } from './account-book.repository';
import { BillingCyclesRepository } from './billing-cycles.repository';
import { EntriesRepository } from './entries.repository';
import { LedgerChunk, LedgerDeps } from './ledger-chunk';
import { PostingGate } from './posting-gate.repository';

/**
 * Turns task events into money (SPEC §3.4), inside the consumer's transaction: each assignment debits the
 * task's fee, each completion credits its reward. The entries, the balances and the TransactionCreated events
 * commit together with the inbox rows, so a redelivered event changes nothing. A consumer adds its events to
 * the chunk's LedgerChunk (`chunk(ctx)`), written set-based at the chunk's end; the `tx` methods apply one
 * event at once through the same code.
 */
@Injectable()
export class LedgerService {
  private readonly deps: LedgerDeps;

  constructor(
    accounts: AccountBookRepository,
    tasks: TaskCatalogRepository,
    cycles: BillingCyclesRepository,
    gate: PostingGate,
    outbox: OutboxWriter,
    entries: EntriesRepository = new EntriesRepository(),
  ) {
    this.deps = { accounts, tasks, cycles, gate, outbox, entries };
  }

  /** The ledger work of the chunk `ctx` belongs to (created on first use, flushed by the inbox). */
  chunk(ctx: InboxContext): LedgerChunk {
    return ctx.work.part(this, () => new LedgerChunk(ctx.tx, this.deps));
  }

  /** A task event that carries details (CUD, TaskAdded): record them, pricing the task on first sight. */
  learnTask(tx: EntityManager, publicId: string, details: TaskDetails): Promise<void> {
    return this.now(tx, (c) => c.learn(publicId, details));
  }

  chargeAssignment(tx: EntityManager, eventId: string, data: TaskAssignedV1): Promise<void> {
    return this.now(tx, (c) => c.charge(eventId, data.task_id, data.assignee_id));
  }

  payCompletion(tx: EntityManager, eventId: string, data: TaskCompletedV1): Promise<void> {
    return this.now(tx, (c) => c.pay(eventId, data.task_id, data.assignee_id));
  }

  private async now(tx: EntityManager, add: (chunk: LedgerChunk) => void): Promise<void> {
    const chunk = new LedgerChunk(tx, this.deps);
    add(chunk);
    await chunk.flush();
  }
}
