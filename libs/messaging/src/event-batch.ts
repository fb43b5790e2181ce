import {
  AcceptedEvents,
  acceptance,
  EventEnvelope,
  InvalidEventError,
  SchemaRegistry,
} from '@ates/contracts';
import { Logger } from '@nestjs/common';
import { RetryHooks, RetryingApplier } from './retry-policy';
import { metrics } from './metrics';

/** A message as both transports deliver it: Kafka's, or a row of the PostgreSQL event log. */
export interface LogMessage {
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, unknown>;
}

export interface DeadLetter {
  message: LogMessage;
  reason: string;
  /** 0: invalid, never tried; otherwise how often its handler failed. */
  attempts: number;
}

/** Where a batch's outcome goes: the transport's dead-letter topic and its committed position. */
export interface BatchOutlet {
  deadLetter(topic: string, partition: number, letters: DeadLetter[]): Promise<unknown>;
  /** Everything up to and including `lastOffset` is done. */
  commit(topic: string, partition: number, lastOffset: string): Promise<void>;
}

export interface EventBatchOptions {
  service: string;
  /** The versions of each event the handlers accept; another version of a listed event is dead-lettered. */
  accepts: AcceptedEvents;
  registry: SchemaRegistry;
  applier: RetryingApplier;
  /** Events applied in one database transaction (per partition, in offset order). */
  chunkSize: number;
}

type Decoded =
  | { kind: 'event'; message: LogMessage; envelope: EventEnvelope }
  | { kind: 'unlisted'; message: LogMessage }
  | { kind: 'invalid'; message: LogMessage; reason: string };

/**
 * What a consumer does with a batch of one partition, whatever the transport: in offset order, chunk by
 * chunk, events are validated and applied through the inbox (RetryingApplier); invalid events and those
 * whose handler keeps failing are dead-lettered; only then is the chunk's last offset committed. An event the
 * consumer does not list (a topic carries others' events too: accounting reads its own TaskPriced on
 * billing-lifecycle) is acknowledged without reaching the inbox: no claim, no transaction. An
 * unavailable database throws: nothing of the chunk is committed and the transport delivers it again.
 */
export class EventBatchProcessor {
  private readonly logger = new Logger(EventBatchProcessor.name);

  constructor(private readonly options: EventBatchOptions) {}

  async process(
    topic: string,
    partition: number,
    messages: readonly LogMessage[],
    hooks: RetryHooks,
    outlet: BatchOutlet,
  ): Promise<void> {
    const decoded = messages.map((message) => this.decode(message));
    for (let start = 0; start < decoded.length; start += this.options.chunkSize) {
      if (!hooks.isRunning()) return;
      const chunk = decoded.slice(start, start + this.options.chunkSize);
      const failed = await this.applyChunk(topic, partition, chunk, hooks);
      const invalid = chunk.flatMap((d) =>
        d.kind === 'invalid' ? [{ message: d.message, reason: d.reason, attempts: 0 }] : [],
      );
      const letters = [...invalid, ...failed];
      if (letters.length > 0) {
        this.record(topic, partition, letters);
        await outlet.deadLetter(topic, partition, letters);
      }
      await outlet.commit(topic, partition, chunk[chunk.length - 1].message.offset);
      this.countUnlisted(topic, chunk);
      await hooks.heartbeat();
    }
  }

  private decode(message: LogMessage): Decoded {
    const { registry, accepts, service } = this.options;
    try {
      const envelope = registry.parse(message.value);
      const { event_name: name, event_version: version } = envelope;
      const accepted = acceptance(accepts, name, version);
      if (accepted === 'reject')
        throw new InvalidEventError(
          `${name} v${version} is not accepted by ${service} (accepts v${accepts[name].join(', v')})`,
        );
      return accepted === 'skip' ? { kind: 'unlisted', message } : { kind: 'event', message, envelope };
    } catch (error) {
      if (error instanceof InvalidEventError) return { kind: 'invalid', message, reason: error.reason };
      throw error;
    }
  }

  private async applyChunk(
    topic: string,
    partition: number,
    chunk: Decoded[],
    hooks: RetryHooks,
  ): Promise<DeadLetter[]> {
    const messages = new Map(chunk.map((d) => [d.message.offset, d.message]));
    const events = chunk.flatMap((d) =>
      d.kind === 'event' ? [{ envelope: d.envelope, topic, partition, offset: d.message.offset }] : [],
    );
    const failed = await this.options.applier.apply(events, hooks);
    return failed.map(({ event, reason, attempts }) => ({
      message: messages.get(event.offset) as LogMessage,
      reason,
      attempts,
    }));
  }

  /** Counted once the chunk's offset is committed. */
  private countUnlisted(topic: string, chunk: readonly Decoded[]): void {
    const n = chunk.filter((d) => d.kind === 'unlisted').length;
    if (n > 0)
      metrics.inc('ates_consumer_events_unlisted_total', { consumer: this.options.service, topic }, n);
  }

  private record(topic: string, partition: number, letters: DeadLetter[]): void {
    for (const { message, reason, attempts } of letters) {
      this.logger.error(
        `${this.options.service}: dead-lettering ${topic}/${partition}@${message.offset}: ${reason}`,
      );
      const kind = attempts === 0 ? 'invalid' : 'failed';
      metrics.inc('ates_consumer_dead_letters_total', { consumer: this.options.service, topic, kind });
    }
  }
}

/** The headers a dead letter carries on either transport: why, from where, after how many tries. */
export function deadLetterHeaders(
  service: string,
  topic: string,
  partition: number,
  letter: DeadLetter,
): Record<string, string> {
  return {
    dlq_reason: letter.reason,
    dlq_consumer: service,
    dlq_topic: topic,
    dlq_partition: String(partition),
    dlq_offset: letter.message.offset,
    dlq_attempts: String(letter.attempts),
    dlq_at: new Date().toISOString(),
  };
}
