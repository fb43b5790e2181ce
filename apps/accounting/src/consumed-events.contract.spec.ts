import { eventSample } from '@ates/contracts';
import { handledEvents } from '@ates/messaging';
import { outboxContractViolations } from '@ates/testing';
import { AccountsConsumer } from './accounts/accounts.consumer';
import { CONSUMED_EVENTS } from './consumed-events';
import { PayoutMailConsumer } from './payout-mail/payout-mail.consumer';
import { TaskEventsConsumer } from './ledger/task-events.consumer';
import { accountingHarness, AccountingHarness, MISMATCHED_BALANCES } from './testing/accounting-harness';

describe('accounting consumer contract (stored samples, real PostgreSQL)', () => {
  let h: AccountingHarness;
  beforeAll(async () => {
    h = await accountingHarness();
  });
  afterAll(() => h.database.close());

  it('handles exactly the events it declares', () => {
    expect(handledEvents(AccountsConsumer, TaskEventsConsumer, PayoutMailConsumer)).toEqual(
      Object.keys(CONSUMED_EVENTS).sort(),
    );
  });

  it('applies a sample of every version it accepts, and writes only events that honour their contracts', async () => {
    const samples = Object.entries(CONSUMED_EVENTS).flatMap(([name, versions]) =>
      versions.map((version) => eventSample(name, version)),
    );
    for (const sample of samples) await h.feed([sample]);
    const processed = await h.q<{ n: number }>(`SELECT count(*)::int AS n FROM accounting.processed_events`);
    expect(processed).toEqual([{ n: samples.length }]);
    const [task] = await h.q<{ title: string; jira_id: string }>(
      `SELECT title, jira_id FROM accounting.tasks`,
    );
    expect(task).toEqual({ title: 'Paint it green', jira_id: 'UBERPOP-42' }); // v1 and v2 read alike
    expect(await h.q(MISMATCHED_BALANCES)).toEqual([]);
    expect(await outboxContractViolations(h.db, 'accounting', 'accounting')).toEqual([]);
  });
});
