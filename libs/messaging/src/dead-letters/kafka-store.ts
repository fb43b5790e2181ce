import { Kafka, logLevel } from 'kafkajs';
import { groupBy } from '../group-by';
import { readRanges } from '../kafka-client';
import {
  StoredDeadLetter,
  DeadLetterStore,
  DLQ_GROUP,
  header,
  lastPerPartition,
  originalHeaders,
} from './dead-letters';

/** Dead letters in Kafka's `<topic>.dlq` topics; done = the `ates-dlq` group's committed offsets. */
export function kafkaStore(brokers: string[]): DeadLetterStore {
  const kafka = new Kafka({ clientId: 'ates-dlq', brokers, logLevel: logLevel.WARN });
  return {
    pending: (topics) => pending(kafka, topics),
    markDone: (letters) => markDone(kafka, letters),
    replay: (letters) => replay(kafka, letters),
    close: async () => undefined,
  };
}

/** The dead letters after the group's committed offsets, up to the end of each partition. */
async function pending(kafka: Kafka, dlqTopics: string[]): Promise<StoredDeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const letters: StoredDeadLetter[] = [];
  try {
    for (const topic of dlqTopics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId: DLQ_GROUP, topics: [topic] });
      const ranges = ends.map((end) => {
        const done = committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const from = BigInt(done) < 0n ? BigInt(end.low) : BigInt(done);
        return { partition: end.partition, from, to: BigInt(end.high) };
      });
      for (const { partition, message } of await readRanges(kafka, topic, ranges))
        letters.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value,
          headers: message.headers ?? {},
        });
    }
  } finally {
    await admin.disconnect();
  }
  return letters;
}

/** Marks dead letters done (commits past them for the `ates-dlq` group). */
async function markDone(kafka: Kafka, letters: StoredDeadLetter[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const l of lastPerPartition(letters))
      await admin.setOffsets({
        groupId: DLQ_GROUP,
        topic: l.topic,
        partitions: [{ partition: l.partition, offset: (BigInt(l.offset) + 1n).toString() }],
      });
  } finally {
    await admin.disconnect();
  }
}

/** Puts dead letters back on their original topic, without the `dlq_*` headers, then marks them done. */
async function replay(kafka: Kafka, letters: StoredDeadLetter[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    // One batch: per topic in the letters' order, so each key keeps its order (idempotent, one in flight).
    const byTopic = groupBy(letters, (l) => header(l.headers, 'dlq_topic'));
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, group]) => ({
        topic,
        messages: group.map((l) => ({ key: l.key, value: l.value, headers: originalHeaders(l.headers) })),
      })),
    });
  } finally {
    await producer.disconnect();
  }
  await markDone(kafka, letters);
}
