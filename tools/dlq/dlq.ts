/**
 * Dead letters: inspect them, put them back on their topic once the cause is fixed, or drop them.
 *
 *   npm run dlq -- list   [topic…]     # pending dead letters (all `<topic>.dlq` when no topic is given)
 *   npm run dlq -- replay [topic…]     # re-publish each to its original topic (key, value, headers kept), then mark it done
 *   npm run dlq -- drop   [topic…]     # mark them done without re-publishing
 *   … --reason <text>                   # only the dead letters whose reason contains <text>
 *   … --kind invalid|failed             # only invalid messages, or only events whose handler kept failing
 *
 * "Done" is the committed offset of the consumer group `ates-dlq` on each dead-letter topic, so every dead letter
 * is replayed or dropped once. Replay is safe: every consumer is idempotent (inbox), so a consumer that had
 * applied the event already ignores it. Needs KAFKA_BROKERS.
 */
import { ALL_TOPICS, deadLetterTopic } from '@ates/contracts';
import { IHeaders, Kafka, KafkaMessage, logLevel } from 'kafkajs';

export const DLQ_GROUP = 'ates-dlq';

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: IHeaders;
}

const header = (headers: IHeaders, name: string): string => headers[name]?.toString() ?? '';

/** The dead letters after the group's committed offsets, up to the end of each partition. */
export async function pending(kafka: Kafka, dlqTopics: string[]): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const letters: DeadLetter[] = [];
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
): Promise<DeadLetter[]> {
  const consumer = kafka.consumer({ groupId: `${DLQ_GROUP}-reader-${process.pid}-${Date.now()}` });
  const letters: DeadLetter[] = [];
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
export async function markDone(kafka: Kafka, letters: DeadLetter[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const last = new Map<string, DeadLetter>();
    for (const l of letters) {
      const key = `${l.topic}:${l.partition}`;
      if (!last.has(key) || BigInt(l.offset) > BigInt(last.get(key)!.offset)) last.set(key, l);
    }
    for (const l of last.values())
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
export async function replay(kafka: Kafka, letters: DeadLetter[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const l of letters) {
      const headers = Object.fromEntries(
        Object.entries(l.headers).filter(([name]) => !name.startsWith('dlq_')),
      );
      await producer.send({
        topic: header(l.headers, 'dlq_topic'),
        acks: -1,
        messages: [{ key: l.key, value: l.value, headers: headers as IHeaders }],
      });
    }
  } finally {
    await producer.disconnect();
  }
  await markDone(kafka, letters);
}

export function describe(l: DeadLetter): string {
  let event = '?';
  try {
    const value = JSON.parse(l.value?.toString() ?? '') as {
      event_name?: string;
      event_version?: number;
      event_id?: string;
    };
    event = `${value.event_name} v${value.event_version} ${value.event_id}`;
  } catch {
    event = 'unparsable value';
  }
  return `${l.topic}/${l.partition}@${l.offset}  ${header(l.headers, 'dlq_consumer')}  ${event}  — ${header(l.headers, 'dlq_reason')}`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--reason');
  const reason = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const kindAt = args.indexOf('--kind');
  const kind = kindAt >= 0 ? args.splice(kindAt, 2)[1] : undefined;
  const [command, ...topics] = args;
  const brokers = process.env['KAFKA_BROKERS'];
  if (!brokers || !['list', 'replay', 'drop'].includes(command ?? '')) {
    console.error('usage: KAFKA_BROKERS=… npm run dlq -- list|replay|drop [topic…]');
    return 2;
  }
  const kafka = new Kafka({ clientId: 'ates-dlq', brokers: brokers.split(','), logLevel: logLevel.WARN });
  const dlqTopics = (topics.length > 0 ? topics : ALL_TOPICS).map((t) =>
    t.endsWith('.dlq') ? t : deadLetterTopic(t),
  );
  // Done-ness is one committed offset per partition: a filtered run may only take a prefix of each partition's
  // pending letters (e.g. drop the invalid ones first, then replay the handler failures).
  const all = await pending(kafka, dlqTopics);
  const letters = all.filter(
    (l) =>
      (!reason || header(l.headers, 'dlq_reason').includes(reason)) &&
      (!kind || (header(l.headers, 'dlq_attempts') === '0') === (kind === 'invalid')),
  );
  const skipped = all.filter(
    (l) =>
      !letters.includes(l) &&
      letters.some(
        (x) => x.topic === l.topic && x.partition === l.partition && BigInt(x.offset) > BigInt(l.offset),
      ),
  );
  if (command !== 'list' && skipped.length > 0) {
    for (const l of skipped) console.error(`first handle: ${describe(l)}`);
    console.error(`${skipped.length} other dead letter(s) come first in their partitions: handle them first`);
    return 1;
  }
  for (const l of letters) console.log(describe(l));
  if (command === 'replay') await replay(kafka, letters);
  if (command === 'drop') await markDone(kafka, letters);
  console.log(
    `${letters.length} dead letter(s) ${command === 'list' ? 'pending' : command === 'replay' ? 'replayed' : 'dropped'}`,
  );
  return 0;
}

if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
