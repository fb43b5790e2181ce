import {
  appendToLog,
  commitPosition,
  inTransaction,
  positionOf,
  readLog,
} from '../event-log/event-log.repository';
import { Client } from 'pg';
import {
  StoredDeadLetter,
  DeadLetterStore,
  DLQ_GROUP,
  header,
  lastPerPartition,
  originalHeaders,
} from './dead-letters';
import { existingTopics, lockDlqRuns } from './event-log-dlq.repository';

/**
 * Dead letters in the PostgreSQL event log's `<topic>.dlq` topics; done = the `ates-dlq` group's position.
 * A replay appends the events to their topics and moves the position in one transaction: exactly once.
 */
export async function eventLogStore(databaseUrl: string): Promise<DeadLetterStore> {
  const db = new Client({ connectionString: databaseUrl, application_name: 'ates-dlq' });
  await db.connect();
  /**
   * Moves the position past the letters, inside the caller's transaction. Two dlq runs at once are serialised
   * (an advisory lock), and the later one stops if the earlier already handled letters it read: no double replay.
   */
  const markDone = async (letters: StoredDeadLetter[]) => {
    await lockDlqRuns(db);
    for (const topic of new Set(letters.map((l) => l.topic))) {
      const first = letters.find((l) => l.topic === topic) as StoredDeadLetter;
      if (BigInt(await positionOf(db, DLQ_GROUP, topic)) > BigInt(first.offset))
        throw new Error(`${topic}: another dlq run handled these dead letters meanwhile; list them again`);
    }
    for (const l of lastPerPartition(letters))
      await commitPosition(db, DLQ_GROUP, l.topic, (BigInt(l.offset) + 1n).toString());
  };
  return {
    async pending(dlqTopics) {
      const letters: StoredDeadLetter[] = [];
      for (const topic of await existingTopics(db, dlqTopics)) {
        let from = await positionOf(db, DLQ_GROUP, topic);
        for (
          let page = await readLog(db, topic, from, 1000);
          page.length > 0;
          page = await readLog(db, topic, from, 1000)
        ) {
          for (const r of page)
            letters.push({
              topic,
              partition: 0,
              offset: r.offset,
              key: r.key,
              value: r.value === null ? null : Buffer.from(r.value),
              headers: r.headers,
            });
          from = (BigInt(page[page.length - 1].offset) + 1n).toString();
        }
      }
      return letters;
    },
    markDone: (letters) => inTransaction(db, () => markDone(letters)),
    replay: (letters) =>
      inTransaction(db, async () => {
        await markDone(letters); // first: it checks nobody replayed them meanwhile
        await appendToLog(
          db,
          letters.map((l) => ({
            topic: header(l.headers, 'dlq_topic'),
            key: l.key,
            value: l.value?.toString() ?? null,
            headers: originalHeaders(l.headers),
          })),
        );
      }),
    close: () => db.end(),
  };
}
