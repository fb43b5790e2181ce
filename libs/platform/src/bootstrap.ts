import { DynamicModule, INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { DomainErrorFilter } from './domain-error.filter';

export interface BootstrapOptions {
  service: string;
  title: string;
  description: string;
  port: number;
  host: string;
  /** Runs after the app is created and before it listens (e.g. attach the Kafka consumer). */
  beforeListen?: (app: INestApplication) => void | Promise<void>;
}

export const BODY_LIMIT_BYTES = 64 * 1024;

/** Creates a Nest application on Fastify with the shared pipes, filters, logger and Swagger. */
export async function createApp(module: Type<unknown> | DynamicModule, options: BootstrapOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await options.beforeListen?.(app);
  return app;
}

/** The whole of a service's main.ts: create, start the microservices (Kafka consumer), listen. */
export async function bootstrapService(module: Type<unknown> | DynamicModule, options: BootstrapOptions): Promise<NestFastifyApplication> {
  const app = await createApp(module, options);
  await app.startAllMicroservices();
  await app.listen(options.port, options.host);
  app.get(Logger).log(`${options.service} listening on http://${options.host}:${options.port}`);
  return app;
}
