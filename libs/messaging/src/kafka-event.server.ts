import { deadLetterTopic, EventEnvelope, InvalidEventError, SchemaRegistry } from '@ates/contracts';
import { quoteIdent } from '@ates/database';
import { CustomTransportStrategy, KafkaOptions, ServerKafka } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, KafkaMessage, Partitioners } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';
import { InboxContext } from './inbox.context';

export interface KafkaEventServerOptions {
  service: string;
  schema: string;
  brokers: string[];
  topics: readonly string[];
  dataSource: DataSource;
  registry: SchemaRegistry;
  /** Events applied in one database transaction (per partition, in offset order). */
  chunkSize?: number;
}

type Decoded =
  | { kind: 'event'; message: KafkaMessage; envelope: EventEnvelope }
  | { kind: 'invalid'; message: KafkaMessage; reason: string };

/**
 * Nest's Kafka transport, consuming in batches with an inbox. Handlers are ordinary `@EventPattern(<event
 * name>)` methods; per partition, a chunk of events is applied in one transaction together with their
 * `processed_events` rows (duplicates are skipped), and only then is the offset committed (manual commit:
 * offset + 1). A failing chunk is re-applied one event per transaction, so the events before the failing
 * one commit and the failing one is retried, never skipped. Invalid events go to `<topic>.dlq`.
 */
export class KafkaEventServer extends ServerKafka implements CustomTransportStrategy {
  private readonly inbox: string;
  private readonly chunkSize: number;
  processed = 0;

  constructor(private readonly config: KafkaEventServerOptions) {
    super(kafkaServerOptions(config));
    this.inbox = `${quoteIdent(config.schema)}.processed_events`;
    this.chunkSize = config.chunkSize ?? 200;
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    await consumer.subscribe({ topics: [...this.config.topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) {
    const decoded = batch.messages.map((message) => this.decode(message));
    for (let start = 0; start < decoded.length; start += this.chunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = decoded.slice(start, start + this.chunkSize);
      await this.applyChunk(batch.topic, batch.partition, chunk);
      await this.deadLetter(batch.topic, batch.partition, chunk);
      const last = chunk[chunk.length - 1].message.offset;
      resolveOffset(last);
      await (this.consumer as Consumer).commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
      await heartbeat();
    }
  }

  private decode(message: KafkaMessage): Decoded {
    try {
      return { kind: 'event', message, envelope: this.config.registry.parse(message.value) };
    } catch (error) {
      if (error instanceof InvalidEventError) return { kind: 'invalid', message, reason: error.reason };
      throw error;
    }
  }

  private async applyChunk(topic: string, partition: number, chunk: Decoded[]): Promise<void> {
    const events = chunk.filter((d): d is Extract<Decoded, { kind: 'event' }> => d.kind === 'event');
    if (events.length === 0) return;
    try {
      await this.config.dataSource.transaction((tx) => this.applyEvents(tx, topic, partition, events));
    } catch (error) {
      if (events.length === 1) throw this.logFailure(topic, events[0].envelope, error);
      this.logger.warn(`chunk of ${events.length} on ${topic}/${partition} failed, applying one by one`);
      for (const event of events) {
        try {
          await this.config.dataSource.transaction((tx) => this.applyEvents(tx, topic, partition, [event]));
        } catch (single) {
          throw this.logFailure(topic, event.envelope, single);
        }
      }
    }
  }

  private async applyEvents(
    tx: EntityManager,
    topic: string,
    partition: number,
    events: Extract<Decoded, { kind: 'event' }>[],
  ): Promise<void> {
    const ids = events.map((e) => e.envelope.event_id);
    const fresh: { event_id: string }[] = await tx.query(
      `INSERT INTO ${this.inbox} (consumer, event_id) SELECT $1, unnest($2::uuid[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.config.service, ids],
    );
    const todo = new Set(fresh.map((row) => row.event_id));
    for (const { envelope, message } of events) {
      if (!todo.delete(envelope.event_id)) continue; // duplicate delivery: already applied
      const handler = this.getHandlerByPattern(envelope.event_name);
      if (!handler) continue; // an event this service does not need
      const context = new InboxContext(tx, envelope, topic, partition, message.offset);
      const result = this.transformToObservable(await handler(envelope, context));
      await lastValueFrom(result, { defaultValue: undefined });
      this.processed++;
    }
  }

  private async deadLetter(topic: string, partition: number, chunk: Decoded[]): Promise<void> {
    const invalid = chunk.filter((d): d is Extract<Decoded, { kind: 'invalid' }> => d.kind === 'invalid');
    if (invalid.length === 0) return;
    for (const { message, reason } of invalid) {
      this.logger.error(`dead-lettering ${topic}/${partition}@${message.offset}: ${reason}`);
    }
    await this.producer!.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: invalid.map(({ message, reason }) => ({
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          dlq_reason: reason,
          dlq_consumer: this.config.service,
          dlq_topic: topic,
          dlq_partition: String(partition),
          dlq_offset: message.offset,
        },
      })),
    });
  }

  private logFailure(topic: string, envelope: EventEnvelope, error: unknown): unknown {
    this.logger.error(
      `handler failed for ${envelope.event_name} v${envelope.event_version} event_id=${envelope.event_id} on ${topic}: ${
        (error as Error)?.message ?? error
      } — not committed, will be redelivered`,
    );
    return error;
  }
}

function kafkaServerOptions(config: KafkaEventServerOptions): NonNullable<KafkaOptions['options']> {
  return {
    client: { clientId: config.service, brokers: config.brokers, retry: { retries: 8 } },
    consumer: { groupId: config.service, sessionTimeout: 30_000, heartbeatInterval: 3_000, allowAutoTopicCreation: false },
    producer: { allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner },
    postfixId: '',
    subscribe: { fromBeginning: true },
    run: { autoCommit: false },
  };
}
