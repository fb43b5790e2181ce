import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createKafka, ensureTopics } from './kafka-client';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.tokens';

/** Creates the service's topics (and their dead-letter topics) at start with the kafkajs admin client. */
@Injectable()
export class TopicsInitializer implements OnModuleInit {
  private readonly logger = new Logger(TopicsInitializer.name);

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  async onModuleInit(): Promise<void> {
    await ensureTopics(
      createKafka(`${this.options.service}-admin`, this.options.brokers),
      this.options.topics,
      undefined,
      (error) => this.logger.warn(`topics not ready yet, retrying: ${(error as Error).message}`),
    );
    this.logger.log(`topics ready: ${this.options.topics.join(', ')}`);
  }
}
