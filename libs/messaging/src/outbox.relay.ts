import { quoteIdent } from '@ates/database';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Partitioners, Producer, TopicMessages } from 'kafkajs';
import { Client } from 'pg';
import { createKafka } from './kafka-client';
import { MESSAGING_OPTIONS, MessagingOptions, RelayOptions } from './messaging.tokens';
import { metrics } from './metrics';

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event_name: string;
  event_version: number;
  payload: string;
  traceparent: string;
}

const DEFAULTS: RelayOptions = { batchSize: 500, idleDelayMs: 500, maxBackoffMs: 10_000 };

/**
 * Publishes the outbox to Kafka in id order, in batches (idempotent producer, acks=all), and marks rows
 * sent. One active relay per service (a PostgreSQL advisory lock); woken by NOTIFY on commit, with a
 * polling fallback. A crash between send and mark re-sends a batch: consumers are idempotent (inbox).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly settings: RelayOptions;
  private readonly table: string;
  private readonly channel: string;
  private db: Client | null = null;
  private producer: Producer | null = null;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A notification that arrived while publishing: the next idle() must not sleep. */
  private pending = false;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions & { databaseUrl: string },
  ) {
    this.settings = { ...DEFAULTS, ...options.relay };
    this.table = `${quoteIdent(options.schema)}.outbox`;
    this.channel = outboxChannel(options.schema);
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await this.producer?.disconnect().catch(() => undefined);
    await this.db?.end().catch(() => undefined);
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (!this.stopping) {
      try {
        if (!(await this.acquire())) {
          await this.idle(2_000);
          continue;
        }
        const sent = await this.publishBatch();
        backoff = 100;
        if (sent < this.settings.batchSize) await this.idle(this.settings.idleDelayMs);
      } catch (error) {
        metrics.inc('ates_outbox_relay_failures_total', { service: this.options.service });
        this.logger.warn(`outbox relay failed, retrying in ${backoff} ms: ${(error as Error).message}`);
        await this.reset();
        await this.idle(backoff);
        backoff = Math.min(backoff * 2, this.settings.maxBackoffMs);
      }
    }
    await this.drain();
  }

  /** At shutdown (HTTP and the consumer are closed by then): publish what the last requests wrote. */
  private async drain(): Promise<void> {
    if (!this.db || !this.producer) return;
    try {
      while ((await this.publishBatch()) === this.settings.batchSize);
    } catch (error) {
      this.logger.warn(`outbox relay: rows left for the next start: ${(error as Error).message}`);
    }
  }

  /** Connects and takes the advisory lock; false while another instance of the service holds it. */
  private async acquire(): Promise<boolean> {
    if (this.db && this.producer) return true;
    const db = new Client({
      connectionString: this.options.databaseUrl,
      application_name: `${this.options.service}-relay`,
    });
    await db.connect();
    const { rows } = await db.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [this.channel],
    );
    if (!rows[0].locked) {
      await db.end();
      return false;
    }
    db.on('notification', () => {
      this.pending = true;
      this.wake?.();
    });
    db.on('error', (error) => this.logger.warn(`relay connection error: ${error.message}`));
    await db.query(`LISTEN ${this.channel}`);
    this.db = db;
    const producer = createKafka(`${this.options.service}-relay`, this.options.brokers).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    this.producer = producer;
    return true;
  }

  private async publishBatch(): Promise<number> {
    const db = this.db as Client;
    this.pending = false;
    const { rows } = await db.query<OutboxRow>(
      `SELECT id, topic, message_key, event_name, event_version, payload, traceparent
         FROM ${this.table} WHERE sent_at IS NULL ORDER BY id LIMIT $1`,
      [this.settings.batchSize],
    );
    if (rows.length === 0) return 0;
    const topicMessages = toTopicMessages(rows);
    await (this.producer as Producer).sendBatch({ acks: -1, topicMessages });
    await db.query(`UPDATE ${this.table} SET sent_at = now() WHERE id = ANY($1::bigint[])`, [
      rows.map((r) => r.id),
    ]);
    for (const { topic, messages } of topicMessages)
      metrics.inc(
        'ates_outbox_events_published_total',
        { service: this.options.service, topic },
        messages.length,
      );
    return rows.length;
  }

  private idle(ms: number): Promise<void> {
    if (this.stopping || this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async reset(): Promise<void> {
    const { db, producer } = this;
    this.db = null;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
    await db?.end().catch(() => undefined);
  }
}

export function outboxChannel(schema: string): string {
  return `${quoteIdent(schema).slice(1, -1)}_outbox`;
}

/** Groups rows by topic, keeping id order inside each topic (and so per key). */
export function toTopicMessages(rows: readonly OutboxRow[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const row of rows) {
    let entry = byTopic.get(row.topic);
    if (!entry) byTopic.set(row.topic, (entry = { topic: row.topic, messages: [] }));
    entry.messages.push({
      key: row.message_key,
      value: row.payload,
      headers: {
        event_name: row.event_name,
        event_version: String(row.event_version),
        traceparent: row.traceparent,
      },
    });
  }
  return [...byTopic.values()];
}
