import { eventSample } from '@ates/contracts';
import { handledEvents } from '@ates/messaging';
import { AccountsConsumer } from './accounts/accounts.consumer';
import { CONSUMED_EVENTS } from './consumed-events';
import { TransactionsConsumer } from './ledger/transactions.consumer';
import { TaskEventsConsumer } from './tasks/task-events.consumer';
import { analyticsHarness, AnalyticsHarness } from './testing/analytics-harness';

describe('analytics consumer contract (stored samples, real PostgreSQL)', () => {
  let h: AnalyticsHarness;
  beforeAll(async () => {
    h = await analyticsHarness();
  });
  afterAll(() => h.database.close());

  it('handles exactly the events it declares', () => {
    expect(handledEvents(AccountsConsumer, TransactionsConsumer, TaskEventsConsumer)).toEqual(
      Object.keys(CONSUMED_EVENTS).sort(),
    );
  });

  it('applies a sample of every version it accepts', async () => {
    const samples = Object.entries(CONSUMED_EVENTS).flatMap(([name, versions]) =>
      versions.map((version) => eventSample(name, version)),
    );
    for (const sample of samples) await h.feed([sample]);
    const processed = await h.db.query(`SELECT count(*)::int AS n FROM analytics.processed_events`);
    expect(processed).toEqual([{ n: samples.length }]);
    const [task] = await h.db.query(`SELECT title, jira_id, reward::int AS reward FROM analytics.tasks`);
    expect(task).toEqual({ title: 'Paint it green', jira_id: 'UBERPOP-42', reward: 3_200 });
    const top = await h.controller.mostExpensiveTask({ from: '2026-11-25', to: '2026-11-25' });
    expect(top.task).toMatchObject({ jiraId: 'UBERPOP-42', reward: 3_200 });
  });

  it('keeps the newest known role and active flag of each account, whatever the order', async () => {
    const created = eventSample('AccountCreated', 1);
    const id = (created.data as { public_id: string }).public_id;
    const state = (version: number, role: string, active: boolean) => ({
      ...created,
      event_id: `00000000-0000-4000-8000-00000000000${version}`,
      event_name: 'AccountUpdated',
      data: { ...(created.data as object), role, active, version },
    });
    await h.feed([state(4, 'manager', false), state(3, 'worker', true), state(4, 'manager', false)]);
    const rows = await h.db.query(
      `SELECT role, active, version FROM analytics.accounts WHERE public_id = $1`,
      [id],
    );
    expect(rows).toEqual([{ role: 'manager', active: false, version: 4 }]);
  });
});
