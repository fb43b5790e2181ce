import { createTestDatabase, eventually, TestDatabase } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ensureEventLog, readLog } from './event-log/event-log.repository';
import { messagingTablesUp } from './messaging-tables';
import { OutboxRelay } from './outbox.relay';

const TOPICS = ['tasks-lifecycle', 'tasks-stream'];

describe('outbox relay on the event log (integration, real PostgreSQL)', () => {
  let db: TestDatabase;
  let client: Client;
  let relay: OutboxRelay | null = null;

  /** Outbox rows, topics and keys interleaved as a service writes them; their ids in write order. */
  async function write(rows: { topic: string; key: string }[]): Promise<string[]> {
    const { rows: ids } = await client.query(
      `INSERT INTO r.outbox (event_id, topic, message_key, event_name, event_version, payload, traceparent)
       SELECT gen_random_uuid(), t, k, 'E', 1, k || ' ' || n, 'tp'
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w(t, k, n)
       ORDER BY n RETURNING id::text`,
      [rows.map((r) => r.topic), rows.map((r) => r.key)],
    );
    return ids.map((r) => r.id);
  }
  const unsent = async (): Promise<string[]> =>
    (await client.query(`SELECT topic FROM r.outbox WHERE sent_at IS NULL ORDER BY id`)).rows.map(
      (r) => r.topic,
    );
  const logged = async (topic: string) => (await readLog(client, topic, '0', 1000)).map((r) => r.value);
  const start = (batchSize: number) => {
    relay = new OutboxRelay({
      service: 'r',
      schema: 'r',
      transport: 'postgres',
      brokers: [],
      topics: TOPICS,
      databaseUrl: db.url,
      relay: { batchSize, idleDelayMs: 50, maxBackoffMs: 200 },
    });
    relay.onApplicationBootstrap();
  };

  beforeAll(async () => {
    db = await createTestDatabase('ates_relay');
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE SCHEMA r');
    for (const sql of messagingTablesUp('r')) await client.query(sql);
  });
  beforeEach(async () => {
    await client.query('DROP SCHEMA IF EXISTS eventlog CASCADE');
    await client.query('TRUNCATE r.outbox');
    await ensureEventLog(client, TOPICS);
  });
  afterEach(async () => {
    await relay?.onApplicationShutdown();
    relay = null;
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('publishes a batch of every topic in one transaction with its marking, each topic in id order (so per key)', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ topic: TOPICS[i % 2], key: `k${i % 3}` }));
    await write(rows);
    const payloads = rows.map((r, i) => `${r.key} ${i + 1}`);
    start(100);
    await eventually(async () => expect(await unsent()).toEqual([]), { timeoutMs: 10_000 });
    for (const topic of TOPICS)
      expect(await logged(topic)).toEqual(payloads.filter((_, i) => rows[i].topic === topic));
    // One pass: the log's records of both topics and the outbox's marks were written by one transaction.
    const { rows: writers } = await client.query(
      `SELECT xmin::text FROM eventlog.messages UNION SELECT xmin::text FROM r.outbox`,
    );
    expect(writers).toHaveLength(1);
  });

  it('keeps per-key order across passes of a small batch size', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ topic: TOPICS[i % 2], key: `k${i % 4}` }));
    await write(rows);
    start(7);
    await eventually(async () => expect(await unsent()).toEqual([]), { timeoutMs: 10_000 });
    for (const topic of TOPICS) {
      const values = await logged(topic);
      expect(values).toHaveLength(15);
      const seq = values.map((v) => Number((v as string).split(' ')[1]));
      expect(seq).toEqual([...seq].sort((a, b) => a - b));
    }
  });

  it('leaves the rows it could not publish unsent and publishes them once it can, in id order', async () => {
    const ghost = `ghost-${randomUUID().slice(0, 8)}`; // a topic the log does not have (yet)
    await write([
      { topic: ghost, key: 'a' },
      { topic: TOPICS[0], key: 'a' },
      { topic: ghost, key: 'a' },
    ]);
    start(100);
    await eventually(async () => expect(await unsent()).toEqual([ghost, ghost]), { timeoutMs: 10_000 });
    expect(await logged(TOPICS[0])).toEqual(['a 2']);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the relay keeps trying, and keeps failing
    expect(await unsent()).toEqual([ghost, ghost]);

    await ensureEventLog(client, [ghost]);
    await eventually(async () => expect(await unsent()).toEqual([]), { timeoutMs: 10_000 });
    expect(await logged(ghost)).toEqual(['a 1', 'a 3']);
    expect(await logged(TOPICS[0])).toEqual(['a 2']);
  });
});
