import { deadLetterTopic } from '@ates/contracts';
import { Kafka, logLevel } from 'kafkajs';

export const PARTITIONS = 3;

export function createKafka(clientId: string, brokers: string[]): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.WARN, retry: { retries: 8 } });
}

/** Creates the given topics and their dead-letter topics if they do not exist yet (idempotent). */
export async function ensureTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [...new Set(topics.flatMap((t) => [t, deadLetterTopic(t)]))].filter((t) => !existing.has(t));
    if (wanted.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: wanted.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}
