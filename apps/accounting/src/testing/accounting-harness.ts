import { AccountStateV1, EventEnvelope, SchemaRegistry, TaskAddedV1, TaskAssignedV1 } from '@ates/contracts';
import { MailOutbox } from '@ates/mail';
import { eventFeed, OutboxWriter } from '@ates/messaging';
import { envelope, openServiceTestDatabase } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { AccountsConsumer } from '../accounts/accounts.consumer';
import { BillingService } from '../billing/billing.service';
import { PayoutsRepository } from '../billing/payouts.repository';
import { AccountBookRepository } from '../ledger/account-book.repository';
import { BillingCyclesRepository } from '../ledger/billing-cycles.repository';
import { LedgerService } from '../ledger/ledger.service';
import { PostingGate } from '../ledger/posting-gate.repository';
import { TaskEventsConsumer } from '../ledger/task-events.consumer';
import { MIGRATIONS } from '../migrations';
import { PayoutMailConsumer } from '../payout-mail/payout-mail.consumer';
import { TaskCatalogRepository } from '../pricing/task-catalog.repository';

export const TIME_ZONE = 'UTC';

/**
 * Accounting's services and consumers on a fresh real PostgreSQL database, wired by hand exactly as the
 * Nest module wires them, with events fed through the inbox exactly as the Kafka server feeds them.
 */
export async function accountingHarness(
  fail?: (e: EventEnvelope) => boolean,
  { closeSlice }: { closeSlice?: number } = {},
) {
  const database = await openServiceTestDatabase('accounting', MIGRATIONS);
  const db = database.dataSource;
  const outbox = new OutboxWriter(
    { service: 'accounting', schema: 'accounting', transport: 'kafka', brokers: [], topics: [] },
    new SchemaRegistry(),
  );
  const gate = new PostingGate();
  const cycles = new BillingCyclesRepository(db);
  const accounts = new AccountBookRepository(gate);
  const ledger = new LedgerService(accounts, new TaskCatalogRepository(), cycles, gate, outbox);
  const billing = new BillingService(
    db,
    gate,
    cycles,
    new PayoutsRepository(),
    outbox,
    TIME_ZONE,
    closeSlice,
  );
  const mailOutbox = new MailOutbox({ schema: 'accounting', from: 'aTES <no-reply@popug.inc>' });
  const accountsConsumer = new AccountsConsumer(accounts, mailOutbox);
  const tasks = new TaskEventsConsumer(ledger);
  const payoutMail = new PayoutMailConsumer(accounts, mailOutbox);
  const feed = eventFeed(db, 'accounting', [accountsConsumer, tasks, payoutMail], fail);
  await billing.ensureOpenCycle();
  const q = <T = Record<string, string>>(sql: string, params?: unknown[]): Promise<T[]> =>
    db.query(sql, params);
  /** The events accounting wrote to its outbox, as envelopes, oldest first. */
  const published = async <T = object>(name: string): Promise<EventEnvelope<T>[]> =>
    (
      await q<{ payload: string }>(
        `SELECT payload FROM accounting.outbox WHERE event_name = $1 ORDER BY id`,
        [name],
      )
    ).map((r) => JSON.parse(r.payload) as EventEnvelope<T>);
  return { database, db, feed, q, published, billing, ledger, cycles, mailOutbox };
}

export type AccountingHarness = Awaited<ReturnType<typeof accountingHarness>>;

export const account = (username: string): AccountStateV1 => ({
  public_id: randomUUID(),
  username,
  email: `${username}@popug.inc`,
  full_name: username,
  role: 'worker',
  active: true,
  version: 1,
  created_at: new Date().toISOString(),
});

export const taskAdded = (taskId: string, title: string, assigneeId: string) =>
  envelope<TaskAddedV1>('TaskAdded', 1, {
    task_id: taskId,
    title,
    description: '',
    assignee_id: assigneeId,
    created_at: new Date().toISOString(),
  });

export const taskAssigned = (taskId: string, assigneeId: string, reason: TaskAssignedV1['reason']) =>
  envelope<TaskAssignedV1>('TaskAssigned', 1, {
    task_id: taskId,
    assignee_id: assigneeId,
    reason,
    shuffle_id: reason === 'shuffle' ? randomUUID() : null,
    assigned_at: new Date().toISOString(),
  });

export const taskCompleted = (taskId: string, assigneeId: string) =>
  envelope('TaskCompleted', 1, {
    task_id: taskId,
    assignee_id: assigneeId,
    completed_at: new Date().toISOString(),
  });

/** Accounts whose balance differs from the sum of their entries (must always be empty). */
export const MISMATCHED_BALANCES = `SELECT a.username FROM accounting.accounts a
  LEFT JOIN accounting.entries e ON e.account_id = a.id
  GROUP BY a.id HAVING a.balance <> COALESCE(SUM(e.credit - e.debit), 0)`;
