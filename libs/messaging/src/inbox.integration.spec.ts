import { EventEnvelope } from '@ates/contracts';
import { createTestDatabase, envelope, TestDatabase } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Inbox, InboxEvent } from './inbox';
import { InboxContext } from './inbox.context';
import { messagingTablesUp } from './messaging-tables';

describe('inbox chunks applied concurrently (integration, real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('ates_inbox');
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    await dataSource.query('CREATE SCHEMA m');
    for (const sql of messagingTablesUp('m')) await dataSource.query(sql);
    await dataSource.query(`CREATE TABLE m.counters (id int PRIMARY KEY, n int NOT NULL DEFAULT 0)`);
    await dataSource.query(`CREATE TABLE m.effects (seq serial PRIMARY KEY, partition int, row_id int)`);
    await dataSource.query(`INSERT INTO m.counters (id) VALUES (1), (2)`);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  /** One event per counter row it updates, in the given order: partition p's chunk. */
  const chunk = (partition: number, rows: number[]): InboxEvent[] =>
    rows.map((row, i) => ({
      envelope: envelope('TaskCompleted', 1, {
        task_id: randomUUID(),
        assignee_id: randomUUID(),
        completed_at: new Date().toISOString(),
        row,
      }) as EventEnvelope,
      topic: 't',
      partition,
      offset: String(i),
    }));

  it('runs a chunk that deadlocked with a concurrent one again whole: both commit, each in one transaction, in order', async () => {
    // Each chunk locks one counter, waits until the other chunk holds the other counter, then asks for it: a
    // deadlock, which PostgreSQL breaks by failing one of the two transactions (once: the barrier opens once).
    let holding = 0;
    let release: () => void = () => undefined;
    const bothHold = new Promise<void>((resolve) => (release = resolve));
    const dispatch = async (event: EventEnvelope, ctx: InboxContext) => {
      const row = (event.data as { row: number }).row;
      await ctx.tx.query(`UPDATE m.counters SET n = n + 1 WHERE id = $1`, [row]);
      await ctx.tx.query(`INSERT INTO m.effects (partition, row_id) VALUES ($1, $2)`, [ctx.partition, row]);
      if (ctx.offset === '0' && ++holding === 2) release();
      if (ctx.offset === '0') await bothHold;
    };
    const inbox = new Inbox(dataSource, 'm', 'c', dispatch);
    const [a, b] = [chunk(0, [1, 2]), chunk(1, [2, 1])];

    await Promise.all([inbox.apply(a), inbox.apply(b)]);

    expect(await dataSource.query(`SELECT id, n FROM m.counters ORDER BY id`)).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
    const effects: { partition: number; row_id: number }[] = await dataSource.query(
      `SELECT partition, row_id FROM m.effects ORDER BY seq`,
    );
    expect(effects.filter((e) => e.partition === 0).map((e) => e.row_id)).toEqual([1, 2]);
    expect(effects.filter((e) => e.partition === 1).map((e) => e.row_id)).toEqual([2, 1]);
    // Not split one by one: each chunk's inbox rows were written by a single transaction.
    for (const events of [a, b]) {
      const writers = await dataSource.query(
        `SELECT DISTINCT xmin::text FROM m.processed_events WHERE event_id = ANY($1::uuid[])`,
        [events.map((e) => e.envelope.event_id)],
      );
      expect(writers).toHaveLength(1);
    }
  }, 30_000);
});
