import { eventSample, SchemaRegistry } from '@ates/contracts';
import { Inbox } from '@ates/messaging';
import { handledEvents, openServiceTestDatabase, type ServiceTestDatabase } from '@ates/testing';
import { AccountReplicaRepository } from './accounts/account-replica.repository';
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
    const registry: SchemaRegistry = new SchemaRegistry();
    const consumer = new AccountsConsumer(new AccountReplicaRepository());
    const handlers: Record<string, (e: never, ctx: never) => Promise<unknown>> = {
      AccountCreated: (e, c) => consumer.created(e, c),
      AccountUpdated: (e, c) => consumer.updated(e, c),
      AccountRoleChanged: (e, c) => consumer.roleChanged(e, c),
    };
    const inbox = new Inbox(database.dataSource, 'tasks', 'tasks', async (e, ctx) => {
      registry.validate(e);
      await handlers[e.event_name](e as never, ctx as never);
    });
    const samples = Object.entries(CONSUMED_EVENTS).flatMap(([name, versions]) =>
      versions.map((version) => eventSample(name, version)),
    );
    for (const [i, envelope] of samples.entries())
      await inbox.apply([{ envelope, topic: 't', partition: 0, offset: String(i) }]);
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
