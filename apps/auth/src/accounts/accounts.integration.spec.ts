import { SchemaRegistry } from '@ates/contracts';
import { OutboxWriter } from '@ates/messaging';
import { openServiceTestDatabase, outboxContractViolations, type ServiceTestDatabase } from '@ates/testing';
import { Initial1732500000000 } from '../migrations/1732500000000-initial';
import { RefreshTokensRepository } from '../sessions/refresh-tokens.repository';
import { AccountEntity } from './account.entity';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';

describe('auth accounts (integration, real PostgreSQL)', () => {
  let database: ServiceTestDatabase;
  let accounts: AccountsService;

  beforeAll(async () => {
    database = await openServiceTestDatabase('auth', [Initial1732500000000], [AccountEntity]);
    const outbox = new OutboxWriter(
      { service: 'auth', schema: 'auth', transport: 'kafka', brokers: [], topics: [] },
      new SchemaRegistry(),
    );
    const db = database.dataSource;
    accounts = new AccountsService(db, new AccountsRepository(db), new RefreshTokensRepository(), outbox);
  });
  afterAll(() => database.close());

  it('writes AccountCreated, AccountUpdated and AccountRoleChanged that honour their contracts, versions rising', async () => {
    const admin = await accounts.create({
      username: 'boss',
      email: 'boss@popug.inc',
      fullName: 'Boss',
      passwordHash: 'x',
      role: 'admin',
    });
    const popug = await accounts.create({
      username: 'popug',
      email: 'popug@popug.inc',
      fullName: 'Popug',
      passwordHash: 'x',
      role: 'worker',
    });
    await accounts.update(popug.publicId, { role: 'manager', fullName: 'Popug M.' });
    await expect(accounts.update(admin.publicId, { role: 'worker' })).rejects.toMatchObject({
      code: 'conflict',
    });

    const rows: { event_name: string; version: number; key: string }[] = await database.dataSource.query(
      `SELECT event_name, (payload::jsonb -> 'data' ->> 'version')::int AS version, message_key AS key
         FROM auth.outbox ORDER BY id`,
    );
    expect(rows).toEqual([
      { event_name: 'AccountCreated', version: 1, key: admin.publicId },
      { event_name: 'AccountCreated', version: 1, key: popug.publicId },
      { event_name: 'AccountUpdated', version: 2, key: popug.publicId },
      { event_name: 'AccountRoleChanged', version: 2, key: popug.publicId },
    ]);
    expect(await outboxContractViolations(database.dataSource, 'auth', 'auth')).toEqual([]);
  });
});
