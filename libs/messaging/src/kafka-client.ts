import { deadLetterTopic } from '@ates/contracts';
import { Admin, Kafka, logLevel } from 'kafkajs';

export const PARTITIONS = 3;

export function createKafka(clientId: string, brokers: string[]): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.WARN, retry: { retries: 8 } });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates the given topics and their dead-letter topics if they do not exist yet, then waits until every
 * partition has a leader. Idempotent and safe when several services create the same topics at once.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  timeoutMs = 60_000,
): Promise<void> {
  const wanted = [...new Set(topics.flatMap((t) => [t, deadLetterTopic(t)]))];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
        });
      } catch (error) {
        // Another service created some of them in the meantime; the check below decides.
        if (!/already exists/i.test(String((error as Error).message))) throw error;
      }
    }
    await waitForLeaders(admin, wanted, timeoutMs);
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`topics not ready after ${timeoutMs} ms: ${topics.join(', ')}`);
    await sleep(200);
  }
}
