import { deadLetterTopic } from '@ates/contracts';
import { CustomTransportStrategy, KafkaOptions, ServerKafka } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, Partitioners } from 'kafkajs';
import { BatchOutlet, deadLetterHeaders, EventBatchProcessor } from './event-batch';
import { consumerPipeline, EventConsumerOptions } from './event-consumer';
import { PARTITIONS, socketFactory } from './kafka-client';

export interface KafkaEventServerOptions extends EventConsumerOptions {
  brokers: string[];
}

/**
 * Nest's Kafka transport, consuming in batches through the inbox (EventBatchProcessor): per partition, in
 * offset order, a chunk is applied in one transaction and only then is its offset committed (manual commit:
 * offset + 1). Invalid events and those whose handler keeps failing go to `<topic>.dlq`, so the partition
 * keeps moving. Only an unavailable database stops it: then nothing is acknowledged and kafkajs retries the
 * batch from the last committed offset.
 *
 * Partitions are consumed concurrently (order is only per partition: kafkajs hands a partition to one worker at
 * a time and fetches again only once every batch of a fetch is done). Concurrent chunks may lock the same rows;
 * the services take their row locks in a fixed order (accounts by id), the posting gate before any row, and the
 * inbox runs a chunk that still deadlocks again as a whole (see Inbox).
 */
export class KafkaEventServer extends ServerKafka implements CustomTransportStrategy {
  private readonly processor: EventBatchProcessor;

  constructor(private readonly config: KafkaEventServerOptions) {
    super(kafkaServerOptions(config));
    this.processor = consumerPipeline(this, config);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    await consumer.subscribe({ topics: [...this.config.topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: CONCURRENT_PARTITIONS,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const outlet: BatchOutlet = {
      deadLetter: (topic, partition, letters) =>
        this.producer!.send({
          topic: deadLetterTopic(topic),
          acks: -1,
          messages: letters.map((letter) => ({
            key: letter.message.key,
            value: letter.message.value,
            headers: {
              ...(letter.message.headers as Record<string, string>),
              ...deadLetterHeaders(this.config.service, topic, partition, letter),
            },
          })),
        }),
      commit: async (topic, partition, last) => {
        resolveOffset(last);
        // Not consumer.commitOffsets(): once the consumer is stopping (SIGTERM) that silently commits nothing,
        // and the chunk just applied would come again after the restart. This commits while stopping too.
        await commitOffsetsIfNecessary({
          topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }],
        });
      },
    };
    await this.processor.process(
      batch.topic,
      batch.partition,
      batch.messages,
      {
        heartbeat,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        isRunning: () => isRunning() && !isStale(),
      },
      outlet,
    );
  }
}

/**
 * A fetch brings the ready partitions of every subscribed topic, and kafkajs fetches again only once all of them
 * are done. At 100 tasks/s accounting gets small batches of tasks-stream, tasks-lifecycle and billing-lifecycle
 * (three partitions each) in most fetches: three at a time, a fetch took two or three rounds of a transaction and
 * an offset commit each, and an event arriving meanwhile waited for all of them (bench, marked → chunk start p50
 * 85-97 ms; six at a time 7-20 ms). Chunks of the same accounts still queue on their row locks (taken in a fixed
 * order), so a shuffle gains little from more; six keeps PostgreSQL's two cores from being crowded further.
 */
const CONCURRENT_PARTITIONS = 2 * PARTITIONS;

function kafkaServerOptions(config: KafkaEventServerOptions): NonNullable<KafkaOptions['options']> {
  return {
    client: { clientId: config.service, brokers: config.brokers, retry: { retries: 8 }, socketFactory },
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
