import { AcceptedEvents, SchemaRegistry, topicsOf } from '@ates/contracts';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KafkaEventServer } from './kafka-event.server';
import { MESSAGING_OPTIONS } from './messaging.tokens';
import { MessagingModuleOptions } from './messaging.module';

/** Attaches the service's Kafka consumer (consumer group = service name) to a Nest application. */
export function connectEventConsumer(app: INestApplication, accepts: AcceptedEvents): KafkaEventServer {
  const options = app.get<MessagingModuleOptions>(MESSAGING_OPTIONS);
  const server = new KafkaEventServer({
    service: options.service,
    schema: options.schema,
    brokers: options.brokers,
    topics: topicsOf(accepts),
    accepts,
    retry: options.consumerRetry,
    dataSource: app.get(DataSource),
    registry: app.get(SchemaRegistry),
  });
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  return server;
}
