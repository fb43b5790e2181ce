import { readRanges } from '@ates/messaging';
import { Admin, Kafka, KafkaMessage, logLevel } from 'kafkajs';

/** What a test needs from Kafka directly: publish like a producer, re-publish a topic, wait for consumers. */
export class KafkaTools {
  readonly kafka: Kafka;
  private readonly admin: Admin;

  constructor(brokers: string[]) {
    this.kafka = new Kafka({ clientId: 'ates-chaos', brokers, logLevel: logLevel.NOTHING });
    this.admin = this.kafka.admin();
  }

  connect = () => this.admin.connect();
  disconnect = () => this.admin.disconnect();

  async publish(topic: string, messages: { key: string; value: string }[]): Promise<void> {
    const producer = this.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages });
    } finally {
      await producer.disconnect();
    }
  }

  /** The current end of each partition of the topics: where this test's own messages begin. */
  async marks(topics: string[]): Promise<Map<string, bigint>> {
    const marks = new Map<string, bigint>();
    const existing = new Set(await this.admin.listTopics());
    for (const topic of topics.filter((t) => existing.has(t)))
      for (const end of await this.admin.fetchTopicOffsets(topic))
        marks.set(`${topic}:${end.partition}`, BigInt(end.high));
    return marks; // a topic that doesn't exist yet will hold only this test's messages
  }

  /** Every message in `topic` since `marks` (this test's own, not earlier runs' on a shared broker). */
  async read(topic: string, marks: Map<string, bigint>): Promise<KafkaMessage[]> {
    const ends = await this.admin.fetchTopicOffsets(topic);
    const ranges = ends.map((e) => {
      const mark = marks.get(`${topic}:${e.partition}`) ?? 0n;
      return {
        partition: e.partition,
        from: mark > BigInt(e.low) ? mark : BigInt(e.low),
        to: BigInt(e.high),
      };
    });
    return (await readRanges(this.kafka, topic, ranges)).map((r) => r.message);
  }

  /** Every message in `topic` since `marks` re-published with its key, value and headers: each event twice. */
  async republish(topic: string, marks: Map<string, bigint>): Promise<number> {
    const copies = await this.read(topic, marks);
    if (copies.length === 0) return 0;
    const producer = this.kafka.producer();
    await producer.connect();
    try {
      for (let i = 0; i < copies.length; i += 500)
        await producer.send({
          topic,
          acks: -1,
          messages: copies.slice(i, i + 500).map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        });
    } finally {
      await producer.disconnect();
    }
    return copies.length;
  }

  /** Messages the groups have not consumed yet on the topics each reads (0 = caught up). */
  async lag(groups: Record<string, string[]>): Promise<number> {
    let lag = 0n;
    for (const [groupId, topics] of Object.entries(groups)) {
      for (const topic of topics) {
        const ends = await this.admin.fetchTopicOffsets(topic);
        const [committed] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
        for (const end of ends) {
          const done = BigInt(
            committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1',
          );
          lag += BigInt(end.high) - (done < 0n ? BigInt(end.low) : done);
        }
      }
    }
    return Number(lag);
  }
}
