import { createTestDatabase, TestDatabase } from '@ates/testing';
import { Client } from 'pg';
import { appendToLog, ensureEventLog, inTransaction, readLog } from '../event-log/event-log.repository';
import { DeadLetterStore } from './dead-letters';
import { eventLogStore } from './event-log-store';

const TOPIC = 'tasks-lifecycle';
const DLQ = `${TOPIC}.dlq`;

describe('dead letters on the PostgreSQL event log (npm run dlq; integration, real PostgreSQL)', () => {
  let db: TestDatabase;
  let client: Client;
  let store: DeadLetterStore;

  const letter = (value: string, attempts: number, reason: string) => ({
    topic: DLQ,
    key: `key-${value}`,
    value,
    headers: {
      event_name: 'TaskCompleted',
      traceparent: 't',
      dlq_topic: TOPIC,
      dlq_reason: reason,
      dlq_consumer: 'accounting',
      dlq_attempts: String(attempts),
    },
  });

  beforeAll(async () => {
    db = await createTestDatabase('ates_dlq');
    client = new Client({ connectionString: db.url });
    await client.connect();
    await ensureEventLog(client, [TOPIC]);
    await inTransaction(client, () =>
      appendToLog(client, [
        letter('first', 6, 'handler failed 6 times: no such account'),
        letter('second', 0, 'message is not JSON'),
        letter('third', 6, 'handler failed 6 times: no such account'),
      ]),
    );
    store = await eventLogStore(db.url);
  });
  afterAll(async () => {
    await store.close();
    await client.end();
    await db.drop();
  });

  it('lists pending dead letters in order; a replay puts them back on their topic once, without dlq headers', async () => {
    const pending = await store.pending([DLQ, 'accounts-stream.dlq']); // a topic that doesn't exist: none
    expect(pending.map((l) => [l.offset, l.value?.toString()])).toEqual([
      ['0', 'first'],
      ['1', 'second'],
      ['2', 'third'],
    ]);
    await store.replay(pending.slice(0, 1));
    await store.markDone(pending.slice(1, 2));
    expect((await store.pending([DLQ])).map((l) => l.value?.toString())).toEqual(['third']);
    await store.replay(await store.pending([DLQ]));
    expect(await store.pending([DLQ])).toEqual([]);
    const replayed = await readLog(client, TOPIC, '0', 10);
    expect(replayed.map((r) => [r.key, r.value, r.headers])).toEqual([
      ['key-first', 'first', { event_name: 'TaskCompleted', traceparent: 't' }],
      ['key-third', 'third', { event_name: 'TaskCompleted', traceparent: 't' }],
    ]);
  });

  it('refuses a replay of letters another run handled meanwhile (two dlq runs at once)', async () => {
    await inTransaction(client, () => appendToLog(client, [letter('fifth', 6, 'x')]));
    const [mine] = await store.pending([DLQ]);
    const other = await eventLogStore(db.url);
    await other.replay(await other.pending([DLQ]));
    await other.close();
    await expect(store.replay([mine])).rejects.toThrow(/another dlq run handled these/);
    expect((await readLog(client, TOPIC, '0', 10)).filter((r) => r.value === 'fifth')).toHaveLength(1);
  });

  it('rolls a failed replay back whole: nothing appended, nothing marked done', async () => {
    await inTransaction(client, () =>
      appendToLog(client, [{ ...letter('fourth', 6, 'x'), headers: { dlq_topic: 'no-such-topic' } }]),
    );
    const pending = await store.pending([DLQ]);
    await expect(store.replay(pending)).rejects.toThrow(/no-such-topic/);
    expect((await store.pending([DLQ])).map((l) => l.value?.toString())).toEqual(['fourth']);
  });
});
