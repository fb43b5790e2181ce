import type { AcceptedEvents } from '@ates/contracts';
import { connectEventConsumer } from '@ates/messaging';
import { DynamicModule, INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { DomainErrorFilter } from './domain-error.filter';
import { useSecurityHeaders } from './security-headers';
import { KEEP_ALIVE_TIMEOUT_MS, stopGracefullyOnSignals } from './shutdown';

export interface BootstrapOptions {
  service: string;
  title: string;
  description: string;
  port: number;
  host: string;
  /** Addresses whose X-Forwarded-For is believed (TRUST_PROXY; the gateway's, for the services). */
  trustProxy: string;
  /** Parse JSON bodies (default true); the gateway streams them to the services untouched. */
  parseJson?: boolean;
  /** Serve this app's own OpenAPI document at /docs and /docs-json (default true). */
  swagger?: boolean;
  /** Events (and versions) the service consumes: its Kafka consumer (group = service name) is attached before listening. */
  consumes?: AcceptedEvents;
  /** More set-up before the app starts (the gateway registers its proxies, CORS and docs here). */
  configure?: (app: NestFastifyApplication) => Promise<void> | void;
}

export const BODY_LIMIT_BYTES = 64 * 1024;

/** Creates a Nest application on Fastify with the shared pipes, filters, logger and Swagger. */
async function createApp(
  module: Type<unknown> | DynamicModule,
  options: BootstrapOptions,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      trustProxy: options.trustProxy,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    }),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  useSecurityHeaders(app);
  if (options.parseJson !== false) parseJsonBodiesOnly(app);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  app.useGlobalFilters(new DomainErrorFilter());
  if (options.swagger !== false) setupSwagger(app, options);
  if (options.consumes && Object.keys(options.consumes).length > 0)
    connectEventConsumer(app, options.consumes);
  return app;
}

function setupSwagger(app: NestFastifyApplication, options: BootstrapOptions): void {
  SwaggerModule.setup('docs', app, openApiDocument(app, options), { jsonDocumentUrl: 'docs-json' });
}

/** The service's OpenAPI document, as /docs-json serves it (its tests check it: every route documented). */
export function openApiDocument(
  app: INestApplication,
  options: Pick<BootstrapOptions, 'title' | 'description'>,
): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
}

/**
 * The whole of a main.ts: create, stop gracefully on signals (from now on), configure, start the microservices
 * (Kafka consumer), listen.
 */
export async function bootstrapService(
  module: Type<unknown> | DynamicModule,
  options: BootstrapOptions,
): Promise<NestFastifyApplication> {
  const app = await createApp(module, options);
  const shutdown = stopGracefullyOnSignals(app, options.service);
  await options.configure?.(app);
  await app.init(); // module hooks first: migrations, topics — then the consumer may subscribe
  await app.startAllMicroservices();
  await app.listen(options.port, options.host);
  shutdown.started();
  app.get(Logger).log(`${options.service} listening on http://${options.host}:${options.port}`);
  return app;
}

/**
 * `POST /tasks/shuffle` with `Content-Type: application/json` and no body is fine; bad JSON stays a 400, and so
 * does a body with `__proto__` or `constructor.prototype` keys (Fastify's own parser, prototype poisoning refused)
 * or nested deeper than MAX_JSON_DEPTH. JSON only: any other media type gets 415.
 */
function parseJsonBodiesOnly(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  const badRequest = (message: string) => Object.assign(new Error(message), { statusCode: 400 });
  fastify.removeContentTypeParser(['application/json', 'text/plain']); // other media types: 415
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    parseJson(request, body as string, (error, parsed) => {
      if (error)
        return done(
          badRequest(
            /prototype/i.test(error.message)
              ? 'Body has forbidden __proto__ or constructor keys'
              : 'Body is not valid JSON',
          ),
          undefined,
        );
      if (nestingDepth(parsed) > MAX_JSON_DEPTH)
        return done(badRequest(`Body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      done(null, parsed);
    });
  });
}

/** No aTES body nests beyond a few levels; deeper ones would only make validation recurse (and overflow). */
export const MAX_JSON_DEPTH = 16;

/** How deeply arrays and objects nest in a parsed JSON value (iterative: a hostile body can't overflow it). */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Runs a service's main; a start-up failure (bad configuration, no database…) exits 1 with its message. */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
