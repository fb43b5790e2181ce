import { SchemaRegistry } from '@ates/contracts';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.tokens';
import { OutboxRelay } from './outbox.relay';
import { OutboxWriter } from './outbox.writer';
import { TopicsInitializer } from './topics.initializer';

export interface MessagingModuleOptions extends MessagingOptions {
  databaseUrl: string;
}

/** Outbox writer and relay, schema registry and topic creation for one service. */
@Global()
@Module({})
export class MessagingModule {
  static forService(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: SchemaRegistry, useValue: new SchemaRegistry() },
        TopicsInitializer,
        OutboxWriter,
        OutboxRelay,
      ],
      exports: [MESSAGING_OPTIONS, SchemaRegistry, OutboxWriter, OutboxRelay],
    };
  }
}
