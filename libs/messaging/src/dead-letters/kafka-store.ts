import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
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
      const ranges = ends
        .map((end) => {
          const done = committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          const from = BigInt(done) < 0n ? BigInt(end.low) : BigInt(done);
          return { partition: end.partition, from, to: BigInt(end.high) };
        })
        .filter((r) => r.from < r.to);
      if (ranges.length > 0) letters.push(...(await read(kafka, topic, ranges)));
    }
  } finally {
    await admin.disconnect();
  }
  return letters;
}

async function read(
  kafka: Kafka,
  topic: string,
  ranges: { partition: number; from: bigint; to: bigint }[],
): Promise<StoredDeadLetter[]> {
  const consumer = kafka.consumer({ groupId: `${DLQ_GROUP}-reader-${process.pid}-${Date.now()}` });
  const letters: StoredDeadLetter[] = [];
  const left = new Map(ranges.map((r) => [r.partition, r]));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
            const range = left.get(partition);
            if (!range || BigInt(message.offset) < range.from) return;
            if (BigInt(message.offset) < range.to)
              letters.push({
                topic,
                partition,
                offset: message.offset,
                key: message.key?.toString() ?? null,
                value: message.value,
                headers: message.headers ?? {},
              });
            if (BigInt(message.offset) + 1n >= range.to) left.delete(partition);
            if (left.size === 0) resolve();
          },
        })
        .catch(reject);
      for (const r of ranges) consumer.seek({ topic, partition: r.partition, offset: r.from.toString() });
    });
  } finally {
    await consumer.disconnect();
  }
  return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
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
    for (const l of letters) {
      await producer.send({
        topic: header(l.headers, 'dlq_topic'),
        acks: -1,
        messages: [{ key: l.key, value: l.value, headers: originalHeaders(l.headers) }],
      });
    }
  } finally {
    await producer.disconnect();
  }
  await markDone(kafka, letters);
}
