import { EventEnvelope } from '@ates/contracts';
import { createTestDatabase, envelope, TestDatabase } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Inbox, InboxEvent } from './inbox';
import { messagingTablesUp } from './messaging-tables';
import { retryDelayMs, RetryingApplier } from './retry-policy';

describe('retry in place, then dead-letter (integration, real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 4 };
  const hooks = () => {
    const calls = { heartbeats: 0, sleeps: [] as number[] };
    return {
      calls,
      heartbeat: async () => void calls.heartbeats++,
      sleep: async (ms: number) => void calls.sleeps.push(ms),
      isRunning: () => true,
    };
  };
  const events = (n: number): InboxEvent[] =>
    Array.from({ length: n }, (_, i) => ({
      envelope: envelope('TaskCompleted', 1, {
        task_id: randomUUID(),
        assignee_id: randomUUID(),
        completed_at: new Date().toISOString(),
      }) as EventEnvelope,
      topic: 'tasks-lifecycle',
      partition: 0,
      offset: String(i),
    }));
  const processed = async () =>
    (await dataSource.query(`SELECT event_id FROM m.processed_events`)).map(
      (r: { event_id: string }) => r.event_id,
    );

  beforeAll(async () => {
    db = await createTestDatabase('ates_retry');
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    await dataSource.query('CREATE SCHEMA m');
    for (const sql of messagingTablesUp('m')) await dataSource.query(sql);
    await dataSource.query(`CREATE TABLE m.effects (seq serial PRIMARY KEY, event_id uuid NOT NULL)`);
  });
  afterEach(() => dataSource.query('TRUNCATE m.processed_events, m.effects'));
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('applies an event whose handler fails three times (in its batch, alone, first retry) on the second retry, with growing waits and heartbeats', async () => {
    const batch = events(3);
    let failures = 0;
    const inbox = new Inbox(dataSource, 'm', 'c', async (e, ctx) => {
      if (e.event_id === batch[1].envelope.event_id && failures++ < 3) throw new Error('deadlock, try again');
      await ctx.tx.query(`INSERT INTO m.effects (event_id) VALUES ($1)`, [e.event_id]);
    });
    const h = hooks();
    expect(await new RetryingApplier(inbox, 'c', policy).apply(batch, h)).toEqual([]);
    const effects = await dataSource.query(`SELECT event_id FROM m.effects ORDER BY seq`);
    expect(effects.map((r: { event_id: string }) => r.event_id)).toEqual(
      batch.map((e) => e.envelope.event_id),
    ); // in order, once
    // One heartbeat after the event before it (applied alone in the one-by-one pass), one before each retry.
    expect(h.calls).toEqual({ heartbeats: 3, sleeps: [1, 2] });
    expect((await processed()).sort()).toEqual(batch.map((e) => e.envelope.event_id).sort());
  });

  it('dead-letters an event that keeps failing, unrecorded (so a replay applies it), and moves on', async () => {
    const batch = events(4);
    const poisoned = batch[1].envelope.event_id;
    const inbox = new Inbox(dataSource, 'm', 'c', async (e) => {
      if (e.event_id === poisoned) throw new Error('no such account');
    });
    const dead = await new RetryingApplier(inbox, 'c', policy).apply(batch, hooks());
    expect(dead).toEqual([
      { event: batch[1], attempts: 3, reason: 'handler failed 3 times: no such account' },
    ]);
    expect((await processed()).sort()).toEqual(
      [batch[0], batch[2], batch[3]].map((e) => e.envelope.event_id).sort(),
    );
  });

  it('rethrows when the database is unavailable instead of dead-lettering everything', async () => {
    const inbox = new Inbox(dataSource, 'm', 'c', async () => {
      throw Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      });
    });
    await expect(new RetryingApplier(inbox, 'c', policy).apply(events(2), hooks())).rejects.toThrow(
      /terminating/,
    );
    expect(await processed()).toEqual([]);
  });

  it('backs off exponentially up to a ceiling', () => {
    expect(
      [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs({ attempts: 6, baseDelayMs: 250, maxDelayMs: 2_000 }, n)),
    ).toEqual([250, 500, 1_000, 2_000, 2_000, 2_000]);
  });
});
