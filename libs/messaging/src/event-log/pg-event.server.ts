import { deadLetterTopic } from '@ates/contracts';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Client } from 'pg';
import { BatchOutlet, deadLetterHeaders, EventBatchProcessor, LogMessage } from '../event-batch';
import { consumerPipeline, EventConsumerOptions } from '../event-consumer';
import { lockedListener } from '../locked-listener';
import { Wakeable } from '../wakeable';
import { appendToLog, commitPosition, EVENT_LOG_CHANNEL, positionOf, readLog } from './event-log.repository';

export interface PgEventServerOptions extends EventConsumerOptions {
  databaseUrl: string;
  /** Records read per topic per round. */
  batchSize?: number;
  /** How long it waits for a NOTIFY before looking again anyway. */
  pollMs?: number;
  /**
   * After a round that read something but not a full batch, how long it lets more records gather before the
   * next round (0: at once). Under a steady stream the rounds then carry many events each, and a round's fixed
   * cost (its transaction, inbox claim, position commit) is paid once for them; an event after a quiet spell is
   * still read at once. Adds at most this much to the lag. Default GATHER_MS.
   */
  gatherMs?: number;
}

const PARTITION = 0;
/** The default `gatherMs`. */
export const GATHER_MS = 10;

/**
 * The consumer of the PostgreSQL event log, as a Nest transport: the same handlers, inbox and batch
 * processing as KafkaEventServer. The consumer group is the service; one instance of it consumes at a time
 * (an advisory lock, held by its connection: another instance waits and takes over if that connection dies).
 * Round by round it reads every topic from the group's position, processes the records (EventBatchProcessor;
 * the topics concurrently, each in offset order), commits the position after each chunk, and sleeps until an
 * append's NOTIFY when there is nothing to read.
 * Delivery is at-least-once: a crash between applying and committing delivers the chunk again, and the inbox
 * skips what was applied.
 */
export class PgEventServer extends Server implements CustomTransportStrategy {
  private readonly processor: EventBatchProcessor;
  private readonly batchSize: number;
  private readonly wakeable = new Wakeable();
  private db: Client | null = null;
  /**
   * The group's next offset per topic, read once per connection: while it holds the group's lock this instance
   * is the only one that moves them. Forgotten with the connection (another instance may have moved them).
   */
  private readonly positions = new Map<string, string>();
  /**
   * The topics the next round reads: those an append's NOTIFY named, those whose last read filled a batch, and
   * every topic after a poll timeout or on a new connection (a NOTIFY may have been missed). A round reads no
   * topic that nothing was appended to.
   */
  private readonly due = new Set<string>();
  private stopping = false;
  private loop: Promise<void> | null = null;
  /** The tail of the queries the topics' concurrent work puts on the one connection (pg runs one at a time). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: PgEventServerOptions) {
    super();
    this.processor = consumerPipeline(this, config);
    this.batchSize = config.batchSize ?? 500;
  }

  listen(callback: (error?: unknown) => void): void {
    this.loop = this.run();
    callback();
  }

  async close(): Promise<void> {
    this.stopping = true;
    this.wakeable.stop();
    await this.loop;
    await this.reset();
  }

  on(): never {
    throw new Error('PgEventServer has no transport events to listen to');
  }

  unwrap<T>(): T {
    return this.db as T;
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (!this.stopping) {
      try {
        const db = await this.acquire();
        if (!db) {
          await this.wakeable.sleep(2_000);
          continue;
        }
        const read = await this.round(db);
        backoff = 100;
        if (read === 0) {
          await this.wakeable.sleep(this.config.pollMs ?? 1_000);
          if (this.due.size === 0) this.dueAll(); // the poll timeout: look at every topic
        } else if (read < this.batchSize && !this.stopping) {
          await new Promise((resolve) => setTimeout(resolve, this.config.gatherMs ?? GATHER_MS));
        }
      } catch (error) {
        if (this.stopping) break;
        this.logger.warn(
          `${this.config.service}: event log consumer failed, retrying in ${backoff} ms: ${
            (error as Error).message
          }`,
        );
        await this.reset();
        this.wakeable.clear(); // a wake-up must not cut the back-off short
        await this.wakeable.sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  /**
   * One pass over the topics, all at once (each topic is one partition: order holds per topic, and a chunk of
   * one topic need not wait for another's, as Kafka's partitions don't); how many records it read.
   */
  private async round(db: Client): Promise<number> {
    this.wakeable.clear(); // a NOTIFY from now on makes the next sleep return at once
    const topics = this.config.topics.filter((topic) => this.due.has(topic));
    this.due.clear(); // a NOTIFY from now on makes its topic due again
    const read = await Promise.all(topics.map((topic) => this.consume(db, topic)));
    return read.reduce((sum, n) => sum + n, 0);
  }

  private dueAll(): void {
    for (const topic of this.config.topics) this.due.add(topic);
  }

  private async consume(db: Client, topic: string): Promise<number> {
    if (this.stopping || this.db !== db) return 0;
    const from =
      this.positions.get(topic) ?? (await this.serially(() => positionOf(db, this.config.service, topic)));
    this.positions.set(topic, from);
    let records: Awaited<ReturnType<typeof readLog>> = [];
    try {
      records = await this.serially(() => readLog(db, topic, from, this.batchSize));
      if (records.length > 0)
        await this.processor.process(topic, PARTITION, records, this.hooks(db), this.outlet(db));
    } catch (error) {
      this.due.add(topic); // read again after the back-off
      throw error;
    }
    if (records.length >= this.batchSize) this.due.add(topic); // more is waiting
    return records.length;
  }

  private hooks(db: Client) {
    return {
      heartbeat: async () => undefined,
      sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      isRunning: () => !this.stopping && this.db === db,
    };
  }

  private outlet(db: Client): BatchOutlet {
    return {
      deadLetter: (topic, partition, letters) =>
        this.serially(() =>
          appendToLog(
            db,
            letters.map((letter) => ({
              topic: deadLetterTopic(topic),
              key: text(letter.message.key),
              value: text(letter.message.value),
              headers: {
                ...(letter.message.headers as Record<string, string>),
                ...deadLetterHeaders(this.config.service, topic, partition, letter),
              },
            })),
          ),
        ),
      commit: async (topic, _partition, last) => {
        const next = (BigInt(last) + 1n).toString();
        await this.serially(() => commitPosition(db, this.config.service, topic, next));
        this.positions.set(topic, next);
      },
    };
  }

  /** Runs `query` on the connection once the queries queued before it are done. */
  private serially<T>(query: () => Promise<T>): Promise<T> {
    const run = this.queue.then(query, query);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The connection holding the group's lock and listening for appends; null while another instance holds it. */
  private async acquire(): Promise<Client | null> {
    if (this.db) return this.db;
    let db: Client | null = null; // declared first: the error handler may run before the await returns
    db = await lockedListener({
      databaseUrl: this.config.databaseUrl,
      applicationName: `${this.config.service}-consumer`,
      lockKey: `eventlog.group.${this.config.service}`,
      channel: EVENT_LOG_CHANNEL,
      onNotification: (topic) => {
        if (!topic || !this.config.topics.includes(topic)) return;
        this.due.add(topic);
        this.wakeable.wake();
      },
      onError: (error) => {
        this.logger.warn(`${this.config.service}: event log connection lost: ${error.message}`);
        if (this.db === db) this.db = null;
        this.wakeable.wake();
      },
    });
    this.positions.clear(); // a new connection: read the positions afresh
    this.dueAll(); // and every topic (appends while it had no connection notified nobody)
    this.db = db;
    return db;
  }

  private async reset(): Promise<void> {
    const db = this.db;
    this.db = null;
    await db?.end().catch(() => undefined);
  }
}

const text = (value: LogMessage['value']): string | null => (value === null ? null : value.toString());
