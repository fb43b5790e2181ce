import { AcceptedEvents, SchemaRegistry, topicsOf } from '@ates/contracts';
import { INestApplication } from '@nestjs/common';
import { CustomTransportStrategy } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { EventConsumerOptions } from './event-consumer';
import { PgEventServer } from './event-log/pg-event.server';
import { KafkaEventServer } from './kafka-event.server';
import { MESSAGING_OPTIONS } from './messaging.tokens';
import { MessagingModuleOptions } from './messaging.module';

/** Attaches the service's event consumer (consumer group = service name) to a Nest application. */
export function connectEventConsumer(
  app: INestApplication,
  accepts: AcceptedEvents,
): CustomTransportStrategy {
  const options = app.get<MessagingModuleOptions>(MESSAGING_OPTIONS);
  const consumer: EventConsumerOptions = {
    service: options.service,
    schema: options.schema,
    topics: topicsOf(accepts),
    accepts,
    retry: options.consumerRetry,
    dataSource: app.get(DataSource),
    registry: app.get(SchemaRegistry),
  };
  const server =
    options.transport === 'kafka'
      ? new KafkaEventServer({ ...consumer, brokers: options.brokers })
      : new PgEventServer({ ...consumer, databaseUrl: options.databaseUrl });
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  return server;
}
