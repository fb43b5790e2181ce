import { deadLetterTopic } from '@ates/contracts';
import { Admin, ISocketFactory, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import net from 'node:net';
import tls from 'node:tls';

export const PARTITIONS = 3;

/**
 * kafkajs's own sockets, with Nagle's algorithm off: a client sends several small requests on one connection
 * (the concurrent partitions' offset commits, heartbeats beside a pending fetch), and with Nagle on a request
 * written while an earlier one is not yet acknowledged waits for that ACK, up to the peer's delayed-ACK timer.
 */
export const socketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
    : net.connect({ host, port }, onConnect);
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 60_000);
  return socket;
};

export function createKafka(clientId: string, brokers: string[]): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.WARN, retry: { retries: 8 }, socketFactory });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates the given topics and their dead-letter topics if they do not exist yet, then waits until every
 * partition has a leader. Idempotent and safe when several services create the same topics at once: a
 * freshly started broker answers "coordinator loading", "not controller", "does not host this
 * topic-partition" or an aggregate "Topic creation errors" for a while, so every attempt is repeated until
 * the deadline and only the last error surfaces.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  timeoutMs = 90_000,
  onRetry: (error: unknown) => void = () => undefined,
): Promise<void> {
  const wanted = [...new Set(topics.flatMap((t) => [t, deadLetterTopic(t)]))];
  const deadline = Date.now() + timeoutMs;
  const admin = kafka.admin();
  try {
    for (;;) {
      try {
        await admin.connect();
        await createMissing(admin, wanted);
        if (await haveLeaders(admin, wanted)) return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        onRetry(error);
      }
      if (Date.now() > deadline)
        throw new Error(`topics not ready after ${timeoutMs} ms: ${wanted.join(', ')}`);
      await sleep(500);
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function createMissing(admin: Admin, wanted: string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((t) => !existing.has(t));
  if (missing.length === 0) return;
  // Resolves false when another service won the race for every topic; other errors are retried above.
  await admin.createTopics({
    waitForLeaders: false,
    topics: missing.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
  });
}

async function haveLeaders(admin: Admin, wanted: string[]): Promise<boolean> {
  const { topics } = await admin.fetchTopicMetadata({ topics: wanted });
  return (
    topics.length === wanted.length &&
    topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
  );
}

/** Offsets `from` (inclusive) to `to` (exclusive) of one partition. */
export interface OffsetRange {
  partition: number;
  from: bigint;
  to: bigint;
}

/**
 * Every message of `topic` in the given ranges, in offset order per partition: a throwaway consumer group
 * (nothing committed) seeks to each range's start and stops once every range is read. For tools and tests.
 */
export async function readRanges(
  kafka: Kafka,
  topic: string,
  ranges: readonly OffsetRange[],
): Promise<{ partition: number; message: KafkaMessage }[]> {
  const wanted = ranges.filter((r) => r.from < r.to);
  if (wanted.length === 0) return [];
  const read: { partition: number; message: KafkaMessage }[] = [];
  const left = new Map(wanted.map((r) => [r.partition, r]));
  const consumer = kafka.consumer({ groupId: `ates-reader-${process.pid}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const range = left.get(partition);
            if (!range || BigInt(message.offset) < range.from) return;
            if (BigInt(message.offset) < range.to) read.push({ partition, message });
            if (BigInt(message.offset) + 1n >= range.to) left.delete(partition);
            if (left.size === 0) resolve();
          },
        })
        .catch(reject);
      for (const r of wanted) consumer.seek({ topic, partition: r.partition, offset: r.from.toString() });
    });
  } finally {
    await consumer.disconnect();
  }
  return read.sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.message.offset) - BigInt(b.message.offset)),
  );
}
