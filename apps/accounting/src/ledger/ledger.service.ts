import type {
  LedgerEntryKind,
  TaskAssignedV1,
  TaskCompletedV1,
  TaskPricedV1,
  TransactionCreatedV1,
} from '@ates/contracts';
import { OutboxWriter, OutgoingEvent } from '@ates/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountBookRepository } from '../accounts/account-book.repository';
import { BillingCyclesRepository } from '../billing/billing-cycles.repository';
import { PostingGate } from '../billing/posting-gate';
import { PricedTask, TaskCatalogRepository, TaskDetails } from '../tasks/task-catalog.repository';
import { balanceDelta, describeEntry } from './ledger.rules';

interface Posting {
  accountPublicId: string;
  kind: LedgerEntryKind;
  debit: number;
  credit: number;
  task: PricedTask;
  sourceEventId: string;
}

/**
 * Turns task events into money (SPEC §3.4), inside the consumer's transaction: each assignment debits the
 * task's fee, each completion credits its reward. The entry, the balance and the TransactionCreated event
 * commit together with the inbox row, so a redelivered event changes nothing.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly accounts: AccountBookRepository,
    private readonly tasks: TaskCatalogRepository,
    private readonly cycles: BillingCyclesRepository,
    private readonly gate: PostingGate,
    private readonly outbox: OutboxWriter,
  ) {}

  /** A task event that carries details (CUD, TaskAdded): record them, pricing the task on first sight. */
  async learnTask(tx: EntityManager, publicId: string, details: TaskDetails): Promise<void> {
    await this.gate.enterToPost(tx); // first, before any row lock: see PostingGate
    await this.announcePrice(tx, await this.tasks.upsert(tx, publicId, details));
  }

  async chargeAssignment(tx: EntityManager, eventId: string, data: TaskAssignedV1): Promise<void> {
    await this.gate.enterToPost(tx);
    const task = await this.tasks.upsert(tx, data.task_id, null);
    await this.announcePrice(tx, task);
    await this.post(tx, {
      accountPublicId: data.assignee_id,
      kind: 'assignment_fee',
      debit: task.assignmentFee,
      credit: 0,
      task,
      sourceEventId: eventId,
    });
  }

  async payCompletion(tx: EntityManager, eventId: string, data: TaskCompletedV1): Promise<void> {
    await this.gate.enterToPost(tx);
    const task = await this.tasks.upsert(tx, data.task_id, null);
    await this.announcePrice(tx, task);
    await this.post(tx, {
      accountPublicId: data.assignee_id,
      kind: 'completion_reward',
      debit: 0,
      credit: task.completionReward,
      task,
      sourceEventId: eventId,
    });
  }

  private async post(tx: EntityManager, p: Posting): Promise<void> {
    const cycle = await this.cycles.openForPosting(tx);
    const accountId = await this.accounts.addToBalance(tx, p.accountPublicId, balanceDelta(p));
    const description = describeEntry(p.kind, p.task);
    const [entry]: { public_id: string; created_at: Date }[] = await tx.query(
      `INSERT INTO accounting.entries (account_id, cycle_id, kind, debit, credit, task_id, description, source_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING public_id, created_at`,
      [accountId, cycle.id, p.kind, p.debit, p.credit, p.task.id, description, p.sourceEventId],
    );
    const event: OutgoingEvent<TransactionCreatedV1> = {
      name: 'TransactionCreated',
      version: 1,
      key: p.accountPublicId,
      data: {
        public_id: entry.public_id,
        account_id: p.accountPublicId,
        kind: p.kind,
        debit: p.debit,
        credit: p.credit,
        currency: 'USD',
        task_id: p.task.publicId,
        description,
        cycle_id: cycle.public_id,
        created_at: entry.created_at.toISOString(),
      },
    };
    await this.outbox.append(tx, [event]);
  }

  private async announcePrice(tx: EntityManager, task: PricedTask): Promise<void> {
    if (!task.priced) return;
    const event: OutgoingEvent<TaskPricedV1> = {
      name: 'TaskPriced',
      version: 1,
      key: task.publicId,
      data: {
        task_id: task.publicId,
        assignment_fee: task.assignmentFee,
        completion_reward: task.completionReward,
        currency: 'USD',
        priced_at: new Date().toISOString(),
      },
    };
    await this.outbox.append(tx, [event]);
  }
}
