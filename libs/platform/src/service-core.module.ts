import { JwtAuthModule } from '@ates/auth';
import type { ServiceConfig } from '@ates/config';
import { DatabaseModule, ServiceDataSourceOptions } from '@ates/database';
import { MessagingModule } from '@ates/messaging';
import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from './platform.module';

export interface ServiceCoreOptions {
  entities?: ServiceDataSourceOptions['entities'];
  migrations: ServiceDataSourceOptions['migrations'];
  /** Topics the service produces to or consumes from; omit for a service that does neither yet. */
  topics?: readonly string[];
}

/**
 * What every backend service is made of: logging and /health, its own schema (migrated at start), the
 * outbox/relay/registry for its topics, and token verification with the global JWT and roles guards, checked
 * against the service's `<schema>.accounts` (every service keeps one).
 */
@Module({})
export class ServiceCoreModule {
  static forService(config: ServiceConfig, options: ServiceCoreOptions): DynamicModule {
    const { service, schema, databaseUrl } = config;
    return {
      module: ServiceCoreModule,
      imports: [
        PlatformModule.forService(service, config.logLevel),
        DatabaseModule.forService({
          url: databaseUrl,
          schema,
          entities: options.entities ?? [],
          migrations: options.migrations,
        }),
        ...(options.topics
          ? [
              MessagingModule.forService({
                service,
                schema,
                databaseUrl,
                transport: config.eventTransport,
                brokers: config.kafkaBrokers,
                topics: options.topics,
                consumerRetry: config.consumerRetry,
              }),
            ]
          : []),
        JwtAuthModule.forService(config.jwt, {
          databaseUrl,
          schema,
          applicationName: `${service}-account-changes`,
        }),
      ],
    };
  }
}
