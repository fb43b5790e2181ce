import { EventEnvelope, SchemaRegistry } from '@ates/contracts';
import { createTestDatabase, envelope, eventually, TestDatabase } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { InboxContext } from '../inbox.context';
import { messagingTablesUp } from '../messaging-tables';
import { OutboxRelay } from '../outbox.relay';
import { OutboxWriter } from '../outbox.writer';
import {
  appendToLog,
  ensureEventLog,
  inTransaction,
  logLag,
  positionOf,
  readLog,
} from './event-log.repository';
import { PgEventServer } from './pg-event.server';

const TOPIC = 'tasks-lifecycle';

describe('PostgreSQL event log (integration, real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let client: Client;
  const servers: PgEventServer[] = [];

  const completed = (taskId = randomUUID()) =>
    envelope('TaskCompleted', 1, {
      task_id: taskId,
      assignee_id: randomUUID(),
      completed_at: new Date().toISOString(),
    }) as EventEnvelope;
  const record = (value: string, key = 'k') => ({ topic: TOPIC, key, value, headers: {} });
  const publish = (events: (EventEnvelope | string)[]) =>
    inTransaction(client, () =>
      appendToLog(
        client,
        events.map((e) =>
          typeof e === 'string'
            ? record(e)
            : record(JSON.stringify(e), (e.data as { task_id: string }).task_id),
        ),
      ),
    );
  const effects = async (): Promise<string[]> =>
    (await dataSource.query(`SELECT event_id FROM m.effects ORDER BY seq`)).map(
      (r: { event_id: string }) => r.event_id,
    );

  /** A consumer group `group` whose TaskCompleted handler records the event (and fails for `poisoned`). */
  function consumer(group: string, poisoned = new Set<string>(), topics = [TOPIC]): PgEventServer {
    const server = new PgEventServer({
      service: group,
      schema: 'm',
      topics,
      accepts: { TaskCompleted: [1] },
      dataSource,
      registry: new SchemaRegistry(),
      databaseUrl: db.url,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      pollMs: 200,
    });
    server.addHandler(
      'TaskCompleted',
      async (event: EventEnvelope, ctx: InboxContext) => {
        if (poisoned.has(event.event_id)) throw new Error('no such account');
        await ctx.tx.query(`INSERT INTO m.effects (event_id) VALUES ($1)`, [event.event_id]);
      },
      true,
    );
    servers.push(server);
    server.listen(() => undefined);
    return server;
  }

  beforeAll(async () => {
    db = await createTestDatabase('ates_eventlog');
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    await dataSource.query('CREATE SCHEMA m');
    for (const sql of messagingTablesUp('m')) await dataSource.query(sql);
    await dataSource.query(`CREATE TABLE m.effects (seq serial PRIMARY KEY, event_id uuid NOT NULL)`);
    client = new Client({ connectionString: db.url });
    await client.connect();
    // Every service creates its topics at start, all at once.
    await Promise.all(
      [[TOPIC], [TOPIC, 'accounts-stream'], [TOPIC]].map(async (topics) => {
        const c = new Client({ connectionString: db.url });
        await c.connect();
        await ensureEventLog(c, topics);
        await c.end();
      }),
    );
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await client.end();
    await dataSource.destroy();
    await db.drop();
  });

  it('creates topics with their dead-letter topics once, whoever asks first', async () => {
    const { rows } = await client.query(`SELECT name FROM eventlog.topics ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual([
      'accounts-stream',
      'accounts-stream.dlq',
      TOPIC,
      `${TOPIC}.dlq`,
    ]);
  });

  it('reads in offset order across a power of ten (the offsets are numbers, never sorted as text)', async () => {
    const topic = 'accounts-stream';
    const start = Number(await nextOffset(client, topic));
    const upTo = Math.max(1_010, start + 20);
    await inTransaction(client, () =>
      appendToLog(
        client,
        Array.from({ length: upTo - start }, (_, i) => ({
          topic,
          key: 'k',
          value: `v${start + i}`,
          headers: {},
        })),
      ),
    );
    const rows = await readLog(client, topic, '990', 20);
    expect(rows.map((r) => r.offset)).toEqual(Array.from({ length: 20 }, (_, i) => String(990 + i)));
  });

  it('hands out offsets in commit order: concurrent writers never leave a gap a reader passes', async () => {
    const start = BigInt(await nextOffset(client, TOPIC));
    const seen: string[] = [];
    let position = start.toString();
    let writing = true;
    const reader = (async () => {
      const r = new Client({ connectionString: db.url });
      await r.connect();
      while (writing || seen.length < 60) {
        for (const row of await readLog(r, TOPIC, position, 100)) {
          expect(row.offset).toBe(position); // dense: no offset is ever skipped
          seen.push(row.value as string);
          position = (BigInt(row.offset) + 1n).toString();
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await r.end();
    })();
    await Promise.all(
      Array.from({ length: 20 }, async (_, writer) => {
        const w = new Client({ connectionString: db.url });
        await w.connect();
        for (let i = 0; i < 3; i++)
          await inTransaction(w, async () => {
            await appendToLog(w, [record(`w${writer}-${i}`)]);
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 20)); // commit late
          });
        await w.end();
      }),
    );
    writing = false;
    await reader;
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    for (let writer = 0; writer < 20; writer++) {
      const mine = seen.filter((v) => v.startsWith(`w${writer}-`));
      expect(mine).toEqual([`w${writer}-0`, `w${writer}-1`, `w${writer}-2`]); // each writer's order kept
    }
  }, 60_000);

  it('delivers to the group once, in order; dead-letters invalid and failing events; commits its position', async () => {
    await catchUp('g1');
    const events = [completed(), completed(), completed(), completed()];
    const poisoned = events[2];
    await publish([events[0], 'not json', events[1], poisoned, events[3]]);
    const before = await effects();
    consumer('g1', new Set([poisoned.event_id]));
    await eventually(async () => expect(await lag('g1')).toBe(0), { timeoutMs: 10_000 });
    const applied = (await effects()).slice(before.length);
    expect(applied).toEqual([events[0], events[1], events[3]].map((e) => e.event_id));
    const dlq = await readLog(client, `${TOPIC}.dlq`, '0', 1000);
    const letters = dlq.slice(-2);
    expect(letters.map((l) => [l.value, l.headers['dlq_consumer'], l.headers['dlq_attempts']])).toEqual([
      ['not json', 'g1', '0'],
      [JSON.stringify(poisoned), 'g1', '2'],
    ]);
    expect(letters[1].headers['dlq_reason']).toBe('handler failed 2 times: no such account');
  });

  it('consumes its topics concurrently, each in offset order, a poison in one not holding up the other', async () => {
    const other = 'accounts-stream';
    await catchUp('g4', [TOPIC, other]);
    const [a, b] = [
      Array.from({ length: 6 }, () => completed()),
      Array.from({ length: 6 }, () => completed()),
    ];
    const poisoned = b[2];
    await inTransaction(client, () =>
      appendToLog(client, [
        ...a.map((e) => record(JSON.stringify(e))),
        ...b.map((e) => ({ ...record(JSON.stringify(e)), topic: other })),
      ]),
    );
    consumer('g4', new Set([poisoned.event_id]), [TOPIC, other]);
    await eventually(async () => expect(await logLag(client, { g4: [TOPIC, other] })).toBe(0), {
      timeoutMs: 10_000,
    });
    const applied = await effects();
    const ids = (events: EventEnvelope[]) => events.map((e) => e.event_id);
    expect(applied.filter((id) => ids(a).includes(id))).toEqual(ids(a));
    expect(applied.filter((id) => ids(b).includes(id))).toEqual(
      ids(b).filter((id) => id !== poisoned.event_id),
    );
    const letters = await readLog(client, `${other}.dlq`, '0', 1000);
    expect(letters.map((l) => l.value)).toEqual([JSON.stringify(poisoned)]);
  });

  it('applies a re-published (duplicated) event once, and resumes from its position after a restart', async () => {
    await catchUp('g2');
    const event = completed();
    consumer('g2');
    await publish([event]);
    await eventually(async () => expect(await effects()).toContain(event.event_id), { timeoutMs: 10_000 });
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await publish([event, event]); // an at-least-once producer sent it twice more
    consumer('g2');
    await eventually(async () => expect(await lag('g2')).toBe(0), { timeoutMs: 10_000 });
    expect((await effects()).filter((id) => id === event.event_id)).toHaveLength(1);
  });

  it('lets one instance of a group consume at a time; a standby takes over when it stops', async () => {
    await catchUp('g3');
    const first = consumer('g3');
    await publish([completed()]);
    await eventually(async () => expect(await lag('g3')).toBe(0), { timeoutMs: 10_000 });
    consumer('g3'); // the standby: waits for the lock
    await first.close();
    const event = completed();
    await publish([event]);
    await eventually(async () => expect(await effects()).toContain(event.event_id), { timeoutMs: 15_000 });
    expect(await lag('g3')).toBe(0);
  });

  it('relays the outbox into the log exactly once, in id order, marking rows sent in the same transaction', async () => {
    await dataSource.query('CREATE SCHEMA IF NOT EXISTS r');
    for (const sql of messagingTablesUp('r')) await dataSource.query(sql).catch(() => undefined);
    const options = {
      service: 'r',
      schema: 'r',
      transport: 'postgres' as const,
      brokers: [],
      topics: [TOPIC],
      databaseUrl: db.url,
    };
    const writer = new OutboxWriter(options, new SchemaRegistry());
    const first = BigInt(await nextOffset(client, TOPIC));
    const written = await dataSource.transaction((tx) =>
      writer.append(
        tx,
        Array.from({ length: 30 }, (_, i) => ({
          name: 'TaskCompleted',
          version: 1,
          key: `task-${i % 3}`,
          data: { task_id: randomUUID(), assignee_id: randomUUID(), completed_at: new Date().toISOString() },
        })),
      ),
    );
    const relay = new OutboxRelay({ ...options, relay: { batchSize: 7, idleDelayMs: 50 } });
    relay.onApplicationBootstrap();
    try {
      await eventually(
        async () =>
          expect(
            (await client.query(`SELECT count(*)::int AS n FROM r.outbox WHERE sent_at IS NULL`)).rows[0].n,
          ).toBe(0),
        { timeoutMs: 10_000 },
      );
    } finally {
      await relay.onApplicationShutdown();
    }
    const logged = await readLog(client, TOPIC, first.toString(), 1000);
    expect(logged.map((r) => JSON.parse(r.value as string).event_id)).toEqual(written.map((e) => e.event_id));
    expect(logged[0].headers).toMatchObject({ event_name: 'TaskCompleted', event_version: '1' });
  });

  async function catchUp(group: string, topics = [TOPIC]) {
    await inTransaction(client, () =>
      client.query(
        `INSERT INTO eventlog.positions (group_id, topic, next_offset)
         SELECT $1, name, next_offset FROM eventlog.topics WHERE name = ANY($2::text[])
         ON CONFLICT (group_id, topic) DO UPDATE SET next_offset = EXCLUDED.next_offset`,
        [group, topics],
      ),
    );
    expect(await positionOf(client, group, TOPIC)).toBe(await nextOffset(client, TOPIC));
  }
  const lag = (group: string) => logLag(client, { [group]: [TOPIC] });
});

async function nextOffset(db: Client, topic: string): Promise<string> {
  const { rows } = await db.query(`SELECT next_offset::text AS n FROM eventlog.topics WHERE name = $1`, [
    topic,
  ]);
  return rows[0].n;
}
