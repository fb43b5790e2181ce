import { AcceptedEvents, EventEnvelope, SchemaRegistry } from '@ates/contracts';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import type { DataSource } from 'typeorm';
import { EventBatchProcessor } from './event-batch';
import { Inbox, InboxEvent } from './inbox';
import { RetryingApplier } from './retry-policy';

/** The `@EventPattern` methods of a consumer instance, by event name. */
function patternMethods(consumer: object): [string, (event: unknown, ctx: unknown) => unknown][] {
  const prototype = Object.getPrototypeOf(consumer) as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((method) => {
    const handler = prototype[method];
    if (typeof handler !== 'function') return [];
    const patterns = (Reflect.getMetadata(PATTERN_METADATA, handler) as string[] | undefined) ?? [];
    return patterns.map((name): [string, (event: unknown, ctx: unknown) => unknown] => [
      name,
      (event, ctx) => handler.call(consumer, event, ctx),
    ]);
  });
}

/** The `@EventPattern`s of consumer classes, to compare with what the service declares it consumes. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const handledEvents = (...consumers: Function[]): string[] =>
  consumers
    .flatMap((consumer) => patternMethods(Object.create(consumer.prototype)).map(([name]) => name))
    .sort();

/**
 * Feeds events to consumer instances through the real inbox (tests and tools: no Kafka, no Nest runtime), validated like the Kafka server does, each to the
 * `@EventPattern` method that handles it (an event nobody handles is recorded and skipped; the transports do not
 * even claim an event the consumer does not list, see EventBatchProcessor).
 */
export function eventFeed(
  dataSource: DataSource,
  schema: string,
  consumers: object[],
  fail?: (event: EventEnvelope) => boolean,
): (events: EventEnvelope<object>[]) => Promise<void> {
  const registry: SchemaRegistry = new SchemaRegistry();
  const handlers = new Map(consumers.flatMap(patternMethods));
  const inbox = new Inbox(dataSource, schema, schema, async (event, ctx) => {
    registry.validate(event);
    if (fail?.(event)) throw new Error(`injected failure on ${event.event_name}`);
    await handlers.get(event.event_name)?.(event, ctx);
  });
  return (events) =>
    inbox.apply(
      events.map((e, i): InboxEvent => ({
        envelope: e as EventEnvelope,
        topic: 't',
        partition: 0,
        offset: String(i),
      })),
    );
}

/**
 * Feeds events, as one partition's messages, to consumer instances the way a transport does
 * (EventBatchProcessor: decoding, chunks through the inbox, retries, dead letters), for tests of poison
 * isolation. Resolves with the offsets (the events' indexes) dead-lettered, with their reasons, and committed.
 */
export async function feedAsTransport(
  dataSource: DataSource,
  schema: string,
  consumers: object[],
  accepts: AcceptedEvents,
  events: EventEnvelope<object>[],
): Promise<{ dead: { offset: string; reason: string }[]; commits: string[] }> {
  const handlers = new Map(consumers.flatMap(patternMethods));
  const inbox = new Inbox(dataSource, schema, schema, async (event, ctx) => {
    await handlers.get(event.event_name)?.(event, ctx);
  });
  const processor = new EventBatchProcessor({
    service: schema,
    accepts,
    registry: new SchemaRegistry(),
    applier: new RetryingApplier(inbox, schema, { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 }),
    chunkSize: 200,
  });
  const dead: { offset: string; reason: string }[] = [];
  const commits: string[] = [];
  await processor.process(
    't',
    0,
    events.map((e, i) => ({ offset: String(i), key: null, value: JSON.stringify(e) })),
    { heartbeat: async () => undefined, sleep: async () => undefined, isRunning: () => true },
    {
      deadLetter: async (_topic, _partition, letters) =>
        dead.push(...letters.map((l) => ({ offset: l.message.offset, reason: l.reason }))),
      commit: async (_topic, _partition, last) => void commits.push(last),
    },
  );
  return { dead, commits };
}
