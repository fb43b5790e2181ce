import { createTestDatabase, eventually, type TestDatabase } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AccountStates } from './account-states';
import { accountChangesNotifyUp } from './account-states.queries';

const SCHEMA = 'copy';
const APP = 'copy-account-changes';
const worker = { id: randomUUID(), role: 'worker' as const, username: 'kate', version: 1 };

describe('AccountStates (the cache of a copy of the accounts, on real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let admin: Client;
  let states: AccountStates | undefined;
  const sql = (text: string, params: unknown[] = []) => admin.query(text, params);
  /** A change the copy does not notify: what a change missed while nobody listened looks like to the cache. */
  const unnotified = (text: string, params: unknown[] = []) =>
    admin
      .query('BEGIN; SET LOCAL session_replication_role = replica')
      .then(() => sql(text, params))
      .then(() => sql('COMMIT'));
  const open = async () => {
    states = new AccountStates(dataSource, {
      databaseUrl: database.url,
      schema: SCHEMA,
      applicationName: APP,
      retryMs: 100,
    });
    await states.onApplicationBootstrap();
    return states;
  };

  beforeEach(async () => {
    database = await createTestDatabase('ates_auth');
    admin = new Client({ connectionString: database.url });
    await admin.connect();
    await sql(`CREATE SCHEMA ${SCHEMA}`);
    await sql(`CREATE TABLE ${SCHEMA}.accounts (
      public_id uuid PRIMARY KEY, role text, active boolean, version integer NOT NULL DEFAULT 0)`);
    await sql(`INSERT INTO ${SCHEMA}.accounts VALUES ($1, 'worker', true, 1)`, [worker.id]);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });
  afterEach(async () => {
    await states?.onApplicationShutdown();
    states = undefined;
    await dataSource.destroy();
    await admin.end();
    await database.drop();
  });

  describe('with the change trigger', () => {
    beforeEach(async () => {
      for (const statement of accountChangesNotifyUp(SCHEMA)) await sql(statement);
    });

    it('answers from memory, and refuses a deactivation as soon as its commit is notified', async () => {
      const accounts = await open();
      expect(await accounts.refusal(worker)).toBeNull();
      await unnotified(`UPDATE ${SCHEMA}.accounts SET active = false, version = 2`);
      expect(await accounts.refusal(worker)).toBeNull(); // served from memory: the table was not read

      await sql(`UPDATE ${SCHEMA}.accounts SET active = false, version = 3`);
      await eventually(
        async () => expect(await accounts.refusal(worker)).toBe('This account is deactivated'),
        {
          timeoutMs: 1_000,
        },
      );
      await sql(`UPDATE ${SCHEMA}.accounts SET active = true, role = 'manager', version = 4`); // another instance's write
      await eventually(async () => expect(await accounts.refusal(worker)).toMatch(/role has changed/), {
        timeoutMs: 1_000,
      });
    });

    it('drops what it holds when its connection is lost, and listens again once reconnected', async () => {
      const accounts = await open();
      expect(await accounts.refusal(worker)).toBeNull();
      await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [APP]);
      await unnotified(`UPDATE ${SCHEMA}.accounts SET active = false, version = 2`); // nobody hears it
      await eventually(
        async () => expect(await accounts.refusal(worker)).toBe('This account is deactivated'),
        {
          timeoutMs: 2_000,
        },
      );

      await eventually(
        async () =>
          expect(
            (await sql(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1`, [APP])).rowCount,
          ).toBe(1),
        { timeoutMs: 5_000 },
      );
      await sql(`UPDATE ${SCHEMA}.accounts SET active = true, version = 3`);
      await eventually(async () => expect(await accounts.refusal(worker)).toBeNull(), { timeoutMs: 2_000 });
      await sql(`UPDATE ${SCHEMA}.accounts SET active = false, version = 4`);
      await eventually(
        async () => expect(await accounts.refusal(worker)).toBe('This account is deactivated'),
        {
          timeoutMs: 1_000,
        },
      );
    });
  });

  it('reads the copy on every request when it has no change trigger', async () => {
    const accounts = await open();
    expect(await accounts.refusal(worker)).toBeNull();
    await unnotified(`UPDATE ${SCHEMA}.accounts SET active = false, version = 2`);
    expect(await accounts.refusal(worker)).toBe('This account is deactivated');
  });
});
