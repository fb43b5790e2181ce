import { quoteIdent } from '@ates/database';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { lockedListener } from './locked-listener';
import { MESSAGING_OPTIONS, MessagingOptions, RelayOptions } from './messaging.tokens';
import { metrics } from './metrics';
import { OutboxSink, outboxSink } from './outbox.sink';
import { Wakeable } from './wakeable';

const DEFAULTS: RelayOptions = { batchSize: 500, idleDelayMs: 500, maxBackoffMs: 10_000, gatherMs: 10 };

/**
 * Publishes the outbox in id order, in batches of up to `batchSize` rows of every topic, and marks rows sent:
 * to Kafka (one `sendBatch`, idempotent producer, acks=all; a crash between send and mark re-sends a batch, and
 * consumers are idempotent) or to the PostgreSQL event log (one statement appends and marks them: exactly once).
 * One active relay per service (a PostgreSQL advisory lock); woken by the writer's NOTIFY at commit, with a
 * polling fallback; a wake-up during a pass makes it look again at once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly settings: RelayOptions;
  private readonly table: string;
  private readonly channel: string;
  private readonly wakeable = new Wakeable();
  private db: Client | null = null;
  private sink: OutboxSink | null = null;
  private stopping = false;
  private loop: Promise<void> | null = null;

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
    this.wakeable.stop();
    await this.loop;
    await this.reset();
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (!this.stopping) {
      try {
        if (!(await this.acquire())) {
          await this.wakeable.sleep(2_000);
          continue;
        }
        const sent = await this.publishBatch();
        backoff = 100;
        if (sent > 0 && sent < this.settings.batchSize && this.settings.gatherMs > 0)
          await new Promise((resolve) => setTimeout(resolve, this.settings.gatherMs));
        if (sent < this.settings.batchSize) await this.wakeable.sleep(this.settings.idleDelayMs);
      } catch (error) {
        metrics.inc('ates_outbox_relay_failures_total', { service: this.options.service });
        this.logger.warn(`outbox relay failed, retrying in ${backoff} ms: ${(error as Error).message}`);
        await this.reset();
        this.wakeable.clear(); // a NOTIFY must not cut the back-off short
        await this.wakeable.sleep(backoff);
        backoff = Math.min(backoff * 2, this.settings.maxBackoffMs);
      }
    }
    await this.drain();
  }

  /** At shutdown (HTTP and the consumer are closed by then): publish what the last requests wrote. */
  private async drain(): Promise<void> {
    if (!this.db || !this.sink) return;
    try {
      while ((await this.publishBatch()) === this.settings.batchSize);
    } catch (error) {
      this.logger.warn(`outbox relay: rows left for the next start: ${(error as Error).message}`);
    }
  }

  /** Connects and takes the advisory lock; false while another instance of the service holds it. */
  private async acquire(): Promise<boolean> {
    if (this.db && this.sink) return true;
    const db =
      this.db ??
      (await lockedListener({
        databaseUrl: this.options.databaseUrl,
        applicationName: `${this.options.service}-relay`,
        lockKey: this.channel,
        channel: this.channel,
        onNotification: () => this.wakeable.wake(),
        onError: (error) => this.logger.warn(`relay connection error: ${error.message}`),
      }));
    if (!db) return false;
    this.db = db;
    const sink = outboxSink(this.options);
    await sink.connect(); // on failure run() resets the connection too
    this.sink = sink;
    return true;
  }

  private async publishBatch(): Promise<number> {
    this.wakeable.clear();
    const published = await (this.sink as OutboxSink).publishNext(
      this.db as Client,
      this.table,
      this.settings.batchSize,
    );
    let sent = 0;
    for (const [topic, count] of published) {
      metrics.inc('ates_outbox_events_published_total', { service: this.options.service, topic }, count);
      sent += count;
    }
    return sent;
  }

  private async reset(): Promise<void> {
    const { db, sink } = this;
    this.db = null;
    this.sink = null;
    await sink?.disconnect().catch(() => undefined);
    await db?.end().catch(() => undefined);
  }
}

export function outboxChannel(schema: string): string {
  return `${quoteIdent(schema).slice(1, -1)}_outbox`;
}
