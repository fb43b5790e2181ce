import { SchemaRegistry } from '@ates/contracts';
import { createTestDatabase, TestDatabase } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { messagingTablesUp } from './messaging-tables';
import { unsentRows } from './outbox.queries';
import { toTopicMessages } from './outbox.sink';
import { OutboxWriter } from './outbox.writer';

describe('outbox writer (integration, real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const writer = new OutboxWriter(
    { service: 'tasks', schema: 'tasks', transport: 'kafka', brokers: [], topics: [] },
    new SchemaRegistry(),
  );
  const completed = () => ({
    name: 'TaskCompleted',
    version: 1,
    key: randomUUID(),
    data: { task_id: randomUUID(), assignee_id: randomUUID(), completed_at: new Date().toISOString() },
  });

  beforeAll(async () => {
    db = await createTestDatabase('ates_outbox');
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    await dataSource.query('CREATE SCHEMA tasks');
    for (const sql of messagingTablesUp('tasks')) await dataSource.query(sql);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('stores valid events with their envelope, topic, key and traceparent in one insert', async () => {
    const events = [completed(), completed()];
    const envelopes = await dataSource.transaction((tx) => writer.append(tx, events));
    const rows = await dataSource.query(
      'SELECT event_id, topic, message_key, event_name, event_version, payload, traceparent FROM tasks.outbox ORDER BY id',
    );
    expect(rows.map((r: { event_id: string }) => r.event_id)).toEqual(envelopes.map((e) => e.event_id));
    expect(rows[0]).toMatchObject({
      topic: 'tasks-lifecycle',
      message_key: events[0].key,
      event_name: 'TaskCompleted',
      event_version: 1,
    });
    expect(JSON.parse(rows[0].payload)).toMatchObject({ producer: 'tasks', data: events[0].data });
    expect(rows[0].traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('refuses an event that breaks its schema, and writes nothing of the transaction', async () => {
    const before = await dataSource.query('SELECT count(*)::int AS n FROM tasks.outbox');
    const bad = { ...completed(), data: { task_id: 'nope' } };
    await expect(dataSource.transaction((tx) => writer.append(tx, [completed(), bad]))).rejects.toThrow(
      /TaskCompleted v1/,
    );
    expect(await dataSource.query('SELECT count(*)::int AS n FROM tasks.outbox')).toEqual(before);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(writer.append(dataSource.manager, [completed()])).rejects.toThrow(/open transaction/);
  });

  it('hands the relay the oldest unsent rows in numeric id order, across a power of ten', async () => {
    await dataSource.query('TRUNCATE tasks.outbox RESTART IDENTITY');
    await dataSource.query(
      `INSERT INTO tasks.outbox (event_id, topic, message_key, event_name, event_version, payload, traceparent)
       SELECT gen_random_uuid(), 'tasks-lifecycle', 'k', 'E', 1, '{}', 'tp' FROM generate_series(1, 12)`,
    );
    await dataSource.query('UPDATE tasks.outbox SET sent_at = now() WHERE id = 1');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      // Ordered as text, the ids 10, 11 and 12 (later events of key k) would go out before 2, 3 and 4.
      const batch = await unsentRows(client, '"tasks".outbox', 5);
      expect(batch.map((r) => r.id)).toEqual(['2', '3', '4', '5', '6']);
      const rest = await unsentRows(client, '"tasks".outbox', 100);
      expect(rest.map((r) => Number(r.id))).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    } finally {
      await client.end();
    }
  });

  it('groups relay batches by topic keeping id order', () => {
    const row = (id: string, topic: string) => ({
      id,
      topic,
      message_key: id,
      event_name: 'E',
      event_version: 1,
      payload: '{}',
      traceparent: 't',
    });
    const batches = toTopicMessages([row('1', 'a'), row('2', 'b'), row('3', 'a')]);
    expect(batches.map((b) => [b.topic, b.messages.map((m) => m.key)])).toEqual([
      ['a', ['1', '3']],
      ['b', ['2']],
    ]);
  });
});
