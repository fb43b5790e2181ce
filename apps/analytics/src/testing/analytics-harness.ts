import type { EventEnvelope, TransactionCreatedV1 } from '@ates/contracts';
import { eventFeed, feedAsTransport } from '@ates/messaging';
import { envelope, openServiceTestDatabase } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { AccountStatesRepository } from '../accounts/account-states.repository';
import { AccountStatesService } from '../accounts/account-states.service';
import { AccountsConsumer } from '../accounts/accounts.consumer';
import { FiguresController } from '../figures/figures.controller';
import { FiguresQueries } from '../figures/figures.queries';
import { BalancesRepository } from '../ledger/balances.repository';
import { BalancesService } from '../ledger/balances.service';
import { TransactionsConsumer } from '../ledger/transactions.consumer';
import { CONSUMED_EVENTS } from '../consumed-events';
import { MIGRATIONS } from '../migrations';
import { TaskEventsConsumer } from '../tasks/task-events.consumer';
import { TaskFactsRepository } from '../tasks/task-facts.repository';
import { TaskFactsService } from '../tasks/task-facts.service';

/** Analytics' consumers and queries on a fresh real PostgreSQL database, fed through the inbox. */
export async function analyticsHarness(timeZone = 'UTC') {
  const database = await openServiceTestDatabase('analytics', MIGRATIONS);
  const db = database.dataSource;
  const consumers = [
    new AccountsConsumer(new AccountStatesService(new AccountStatesRepository())),
    new TransactionsConsumer(new BalancesService(new BalancesRepository())),
    new TaskEventsConsumer(new TaskFactsService(new TaskFactsRepository(timeZone))),
  ];
  const feed = eventFeed(db, 'analytics', consumers);
  /** The events as one partition's messages, as a transport feeds them (dead letters, commits). */
  const transport = (events: EventEnvelope<object>[]) =>
    feedAsTransport(db, 'analytics', consumers, CONSUMED_EVENTS, events);
  const q = <T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> =>
    db.query(sql, params);
  const queries = new FiguresQueries(db);
  return { database, db, feed, transport, q, queries, controller: new FiguresController(queries, timeZone) };
}

export type AnalyticsHarness = Awaited<ReturnType<typeof analyticsHarness>>;

export function entry(
  accountId: string,
  kind: TransactionCreatedV1['kind'],
  amount: number,
  createdAt: string,
  taskId: string | null = kind === 'payout' ? null : randomUUID(),
) {
  const debit = kind === 'completion_reward' ? 0 : amount;
  return envelope<TransactionCreatedV1>('TransactionCreated', 1, {
    public_id: randomUUID(),
    account_id: accountId,
    kind,
    debit,
    credit: amount - debit,
    currency: 'USD',
    task_id: taskId,
    description: kind,
    cycle_id: randomUUID(),
    created_at: createdAt,
  });
}

/** What `read` finds once `events` are fed in chunks of `chunkSize` (1: one by one) to a fresh database. */
export async function readAfterFeeding<T>(
  events: EventEnvelope<object>[],
  chunkSize: number,
  read: (h: AnalyticsHarness) => Promise<T>,
): Promise<T> {
  const h = await analyticsHarness();
  try {
    for (let i = 0; i < events.length; i += chunkSize) await h.feed(events.slice(i, i + chunkSize));
    return await read(h);
  } finally {
    await h.database.close();
  }
}
