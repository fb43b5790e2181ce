import { eventSample } from '@ates/contracts';
import { eventFeed, handledEvents } from '@ates/messaging';
import { openServiceTestDatabase, type ServiceTestDatabase } from '@ates/testing';
import { AccountReplicaRepository } from './accounts/account-replica.repository';
import { AccountReplicaService } from './accounts/account-replica.service';
import { AccountsConsumer } from './accounts/accounts.consumer';
import { CONSUMED_EVENTS } from './consumed-events';
import { MIGRATIONS } from './migrations';

describe('tasks consumer contract (stored samples, real PostgreSQL)', () => {
  let database: ServiceTestDatabase;
  beforeAll(async () => {
    database = await openServiceTestDatabase('tasks', MIGRATIONS);
  });
  afterAll(() => database.close());

  it('handles exactly the events it declares', () => {
    expect(handledEvents(AccountsConsumer)).toEqual(Object.keys(CONSUMED_EVENTS).sort());
  });

  it('applies a sample of every version it accepts', async () => {
    const feed = eventFeed(database.dataSource, 'tasks', [
      new AccountsConsumer(new AccountReplicaService(new AccountReplicaRepository())),
    ]);
    for (const [name, versions] of Object.entries(CONSUMED_EVENTS))
      for (const version of versions) await feed([eventSample(name, version)]);
    const accounts = await database.dataSource.query(
      `SELECT username, email, full_name, role, active, version FROM tasks.accounts`,
    );
    expect(accounts).toEqual([
      {
        username: 'popug1',
        email: 'popug1@popug.inc',
        full_name: 'Popug the First',
        role: 'accountant',
        active: true,
        version: 2, // a role change moves the role; the version comes with the account's own state
      },
    ]);
  });
});
