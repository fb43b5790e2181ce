import { Partitioners, Producer, TopicMessages } from 'kafkajs';
import { Client } from 'pg';
import { appendToLog, inTransaction } from './event-log/event-log';
import { groupBy } from './group-by';
import { createKafka } from './kafka-client';
import { MessagingOptions } from './messaging.tokens';

export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event_name: string;
  event_version: number;
  payload: string;
  traceparent: string;
}

/** Where the outbox relay publishes: Kafka, or the PostgreSQL event log. */
export interface OutboxSink {
  connect(): Promise<void>;
  /** Publishes the rows (in order) and calls `markSent`: in the same transaction when it can. */
  publish(db: Client, rows: readonly OutboxRow[], markSent: () => Promise<unknown>): Promise<void>;
  disconnect(): Promise<void>;
}

export function outboxSink(options: MessagingOptions): OutboxSink {
  return options.transport === 'kafka' ? new KafkaSink(options) : new EventLogSink();
}

/** The headers every published event carries, on either transport. */
function eventHeaders(row: OutboxRow): Record<string, string> {
  return {
    event_name: row.event_name,
    event_version: String(row.event_version),
    traceparent: row.traceparent,
  };
}

/** Idempotent producer, acks=all; the rows are marked sent after Kafka has them (at-least-once). */
class KafkaSink implements OutboxSink {
  private producer: Producer | null = null;

  constructor(private readonly options: MessagingOptions) {}

  async connect(): Promise<void> {
    const producer = createKafka(`${this.options.service}-relay`, this.options.brokers).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    this.producer = producer;
  }

  async publish(_db: Client, rows: readonly OutboxRow[], markSent: () => Promise<unknown>): Promise<void> {
    await (this.producer as Producer).sendBatch({ acks: -1, topicMessages: toTopicMessages(rows) });
    await markSent();
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
  }
}

/** Appends to the event log and marks the rows sent in one transaction: each event is in the log once. */
class EventLogSink implements OutboxSink {
  async connect(): Promise<void> {
    // Nothing to connect: it writes through the relay's own database connection.
  }

  async publish(db: Client, rows: readonly OutboxRow[], markSent: () => Promise<unknown>): Promise<void> {
    await inTransaction(db, async () => {
      await appendToLog(
        db,
        rows.map((row) => ({
          topic: row.topic,
          key: row.message_key,
          value: row.payload,
          headers: eventHeaders(row),
        })),
      );
      await markSent();
    });
  }

  async disconnect(): Promise<void> {
    // Nothing to close.
  }
}

/** Groups rows by topic, keeping id order inside each topic (and so per key). */
export function toTopicMessages(rows: readonly OutboxRow[]): TopicMessages[] {
  return [...groupBy(rows, (r) => r.topic)].map(([topic, group]) => ({
    topic,
    messages: group.map((row) => ({ key: row.message_key, value: row.payload, headers: eventHeaders(row) })),
  }));
}
