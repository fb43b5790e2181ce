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
    private readonly outbox: OutboxWriter,
  ) {}

  /** A task event that carries details (CUD, TaskAdded): record them, pricing the task on first sight. */
  async learnTask(tx: EntityManager, publicId: string, details: TaskDetails): Promise<void> {
    await this.announcePrice(tx, await this.tasks.upsert(tx, publicId, details));
  }

  async chargeAssignment(tx: EntityManager, eventId: string, data: TaskAssignedV1): Promise<void> {
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
    const accountId = await this.accounts.addToBalance(tx, p.accountPublicId, balanceDelta(p));
    const description = describeEntry(p.kind, p.task);
    const [entry]: { public_id: string; cycle_public_id: string; created_at: Date }[] = await tx.query(
      `WITH cycle AS (SELECT id, public_id FROM accounting.billing_cycles WHERE status = 'open' FOR SHARE)
       INSERT INTO accounting.entries (account_id, cycle_id, kind, debit, credit, task_id, description, source_event_id)
       SELECT $1, cycle.id, $2, $3, $4, $5, $6, $7 FROM cycle
       RETURNING public_id, (SELECT public_id FROM cycle) AS cycle_public_id, created_at`,
      [accountId, p.kind, p.debit, p.credit, p.task.id, description, p.sourceEventId],
    );
    if (!entry) throw new Error('no open billing cycle');
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
        cycle_id: entry.cycle_public_id,
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
