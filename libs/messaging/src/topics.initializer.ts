import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { ensureEventLog } from './event-log/event-log.repository';
import { createKafka, ensureTopics } from './kafka-client';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.tokens';

/** Creates the service's topics and their dead-letter topics at start: in Kafka, or in the event log. */
@Injectable()
export class TopicsInitializer implements OnModuleInit {
  private readonly logger = new Logger(TopicsInitializer.name);

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions & { databaseUrl: string },
  ) {}

  async onModuleInit(): Promise<void> {
    const { topics, transport } = this.options;
    if (transport === 'kafka')
      await ensureTopics(
        createKafka(`${this.options.service}-admin`, this.options.brokers),
        topics,
        undefined,
        (error) => this.logger.warn(`topics not ready yet, retrying: ${(error as Error).message}`),
      );
    else await this.ensureLogTopics();
    this.logger.log(
      `topics ready (${transport === 'kafka' ? 'Kafka' : 'PostgreSQL event log'}): ${topics.join(', ')}`,
    );
  }

  /** Like the Kafka path, retried while the database is not up yet (90 s). */
  private async ensureLogTopics(): Promise<void> {
    for (const deadline = Date.now() + 90_000; ;) {
      const db = new Client({ connectionString: this.options.databaseUrl });
      try {
        await db.connect();
        await ensureEventLog(db, this.options.topics);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        this.logger.warn(`event log not ready yet, retrying: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      } finally {
        await db.end().catch(() => undefined);
      }
    }
  }
}
