import {
  AcceptedEvents,
  acceptance,
  deadLetterTopic,
  EventEnvelope,
  InvalidEventError,
  SchemaRegistry,
} from '@ates/contracts';
import { CustomTransportStrategy, KafkaOptions, ServerKafka } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, KafkaMessage, Partitioners } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { Inbox } from './inbox';
import { RetryHooks, RetryingApplier, RetryPolicy } from './retry-policy';
import { InboxContext } from './inbox.context';
import { metrics } from './metrics';

export interface KafkaEventServerOptions {
  service: string;
  schema: string;
  brokers: string[];
  topics: readonly string[];
  /** The versions of each event the handlers accept; another version of a listed event is dead-lettered. */
  accepts: AcceptedEvents;
  dataSource: DataSource;
  registry: SchemaRegistry;
  /** Events applied in one database transaction (per partition, in offset order). */
  chunkSize?: number;
  /** How a failing handler is retried before its event is dead-lettered. */
  retry?: RetryPolicy;
}

type Decoded =
  | { kind: 'event'; message: KafkaMessage; envelope: EventEnvelope }
  | { kind: 'invalid'; message: KafkaMessage; reason: string };

interface DeadLetter {
  message: KafkaMessage;
  reason: string;
  attempts: number;
}

/**
 * Nest's Kafka transport, consuming in batches through the inbox. Handlers are ordinary `@EventPattern(<event
 * name>)` methods. Per partition, in offset order, a chunk of events is applied in one transaction (see
 * Inbox) and only then is the offset committed (manual commit: offset + 1). Invalid events go to `<topic>.dlq`
 * at once; an event whose handler keeps failing is retried in place with back-off, then dead-lettered too
 * (RetryingApplier), so the partition keeps moving. Only an unavailable database stops it: then nothing is
 * acknowledged and kafkajs retries the batch from the last committed offset.
 */
export class KafkaEventServer extends ServerKafka implements CustomTransportStrategy {
  readonly inbox: Inbox;
  private readonly applier: RetryingApplier;
  private readonly chunkSize: number;

  constructor(private readonly config: KafkaEventServerOptions) {
    super(kafkaServerOptions(config));
    this.inbox = new Inbox(config.dataSource, config.schema, config.service, (e, ctx) =>
      this.dispatch(e, ctx),
    );
    this.applier = new RetryingApplier(this.inbox, config.service, config.retry);
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

  private async handleBatch(payload: EachBatchPayload) {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const decoded = batch.messages.map((message) => this.decode(message));
    for (let start = 0; start < decoded.length; start += this.chunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = decoded.slice(start, start + this.chunkSize);
      const failed = await this.applyChunk(batch.topic, batch.partition, chunk, {
        heartbeat,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        isRunning: () => isRunning() && !isStale(),
      });
      const invalid = chunk.flatMap((d) =>
        d.kind === 'invalid' ? [{ message: d.message, reason: d.reason, attempts: 0 }] : [],
      );
      await this.deadLetter(batch.topic, batch.partition, [...invalid, ...failed]);
      const last = chunk[chunk.length - 1].message.offset;
      resolveOffset(last);
      // Not consumer.commitOffsets(): once the consumer is stopping (SIGTERM) that silently commits nothing,
      // and the chunk just applied would come again after the restart. This commits while stopping too.
      await commitOffsetsIfNecessary({
        topics: [
          {
            topic: batch.topic,
            partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }],
          },
        ],
      });
      await heartbeat();
    }
  }

  private decode(message: KafkaMessage): Decoded {
    try {
      const envelope = this.config.registry.parse(message.value);
      const { event_name: name, event_version: version } = envelope;
      if (acceptance(this.config.accepts, name, version) === 'reject')
        throw new InvalidEventError(
          `${name} v${version} is not accepted by ${this.config.service} (accepts v${this.config.accepts[name].join(', v')})`,
        );
      return { kind: 'event', message, envelope };
    } catch (error) {
      if (error instanceof InvalidEventError) return { kind: 'invalid', message, reason: error.reason };
      throw error;
    }
  }

  private async applyChunk(
    topic: string,
    partition: number,
    chunk: Decoded[],
    hooks: RetryHooks,
  ): Promise<DeadLetter[]> {
    const messages = new Map(chunk.map((d) => [d.message.offset, d.message]));
    const events = chunk.flatMap((d) =>
      d.kind === 'event' ? [{ envelope: d.envelope, topic, partition, offset: d.message.offset }] : [],
    );
    const failed = await this.applier.apply(events, hooks);
    return failed.map(({ event, reason, attempts }) => ({
      message: messages.get(event.offset) as KafkaMessage,
      reason,
      attempts,
    }));
  }

  /** Runs the `@EventPattern(event_name)` handler through Nest's pipeline; events nobody handles are skipped. */
  private async dispatch(envelope: EventEnvelope, context: InboxContext): Promise<void> {
    const handler = this.getHandlerByPattern(envelope.event_name);
    if (!handler) return;
    await lastValueFrom(this.transformToObservable(await handler(envelope, context)), {
      defaultValue: undefined,
    });
  }

  private async deadLetter(topic: string, partition: number, letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    for (const { message, reason, attempts } of letters) {
      this.logger.error(
        `${this.config.service}: dead-lettering ${topic}/${partition}@${message.offset}: ${reason}`,
      );
      const kind = attempts === 0 ? 'invalid' : 'failed'; // invalid events are never tried
      metrics.inc('ates_consumer_dead_letters_total', { consumer: this.config.service, topic, kind });
    }
    await this.producer!.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: letters.map(({ message, reason, attempts }) => ({
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          dlq_reason: reason,
          dlq_consumer: this.config.service,
          dlq_topic: topic,
          dlq_partition: String(partition),
          dlq_offset: message.offset,
          dlq_attempts: String(attempts),
          dlq_at: new Date().toISOString(),
        },
      })),
    });
  }
}

function kafkaServerOptions(config: KafkaEventServerOptions): NonNullable<KafkaOptions['options']> {
  return {
    client: { clientId: config.service, brokers: config.brokers, retry: { retries: 8 } },
    consumer: {
      groupId: config.service,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
    },
    producer: { allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner },
    postfixId: '',
    subscribe: { fromBeginning: true },
    run: { autoCommit: false },
  };
}
