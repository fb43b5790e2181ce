import { EventEnvelope, eventSample } from '@ates/contracts';
import { createTestDatabase, TestDatabase } from '@ates/testing';
import { EventPattern } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { feedAsTransport } from './consumer-feed';
import { InboxContext } from './inbox.context';
import { messagingTablesUp } from './messaging-tables';

class Completions {
  @EventPattern('TaskCompleted')
  async completed(event: EventEnvelope, ctx: InboxContext): Promise<void> {
    await ctx.tx.query(`INSERT INTO b.effects (event_id) VALUES ($1)`, [event.event_id]);
  }
}

describe('a batch through EventBatchProcessor (integration, real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const sample = (name: string, version: number): EventEnvelope<object> => ({
    ...eventSample(name, version),
    event_id: randomUUID(),
  });

  beforeAll(async () => {
    db = await createTestDatabase('ates_event_batch');
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    await dataSource.query('CREATE SCHEMA b');
    for (const sql of messagingTablesUp('b')) await dataSource.query(sql);
    await dataSource.query(`CREATE TABLE b.effects (event_id uuid PRIMARY KEY)`);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('passes over the events of the topic the service does not consume: no inbox row, offset committed', async () => {
    const events = [sample('TaskPriced', 1), sample('TaskCompleted', 1), sample('PaymentMade', 1)];
    const { dead, commits } = await feedAsTransport(
      dataSource,
      'b',
      [new Completions()],
      { TaskCompleted: [1] },
      events,
    );
    expect({ dead, commits }).toEqual({ dead: [], commits: ['2'] });
    const processed = await dataSource.query(`SELECT event_id FROM b.processed_events`);
    expect(processed).toEqual([{ event_id: events[1].event_id }]);
    expect(await dataSource.query(`SELECT event_id FROM b.effects`)).toEqual([
      { event_id: events[1].event_id },
    ]);

    // A chunk of nothing but such events commits too, without a transaction of its own.
    const only = await feedAsTransport(dataSource, 'b', [new Completions()], { TaskCompleted: [1] }, [
      sample('TaskPriced', 1),
    ]);
    expect(only).toEqual({ dead: [], commits: ['0'] });
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM b.processed_events`)).toEqual([{ n: 1 }]);
  });

  it('still dead-letters another version of an event it consumes', async () => {
    const { dead, commits } = await feedAsTransport(
      dataSource,
      'b',
      [new Completions()],
      { TaskCompleted: [2] },
      [sample('TaskCompleted', 1)],
    );
    expect(dead).toEqual([{ offset: '0', reason: expect.stringMatching(/not accepted/) }]);
    expect(commits).toEqual(['0']);
  });
});
