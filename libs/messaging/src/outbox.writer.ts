import { EventEnvelope, SchemaRegistry } from '@ates/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.tokens';
import { outboxChannel } from './outbox.relay';
import { OutboxRepository } from './outbox.repository';
import { newTraceparents } from './trace';

export interface OutgoingEvent<TData extends object = object> {
  name: string;
  version: number;
  /** Kafka key: the public id of the aggregate the event is about (per-aggregate order). */
  key: string;
  data: TData;
  eventTime?: Date;
}

/**
 * The write side of the transactional outbox: events are validated against their schema and stored in
 * the same database transaction as the state change that caused them. The relay publishes them later.
 */
@Injectable()
export class OutboxWriter {
  private readonly outbox: OutboxRepository;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly registry: SchemaRegistry,
  ) {
    this.outbox = new OutboxRepository(options.schema, outboxChannel(options.schema));
  }

  /** Appends events inside `tx` (one INSERT for any number of events). Returns their envelopes. */
  async append(tx: EntityManager, events: readonly OutgoingEvent[]): Promise<EventEnvelope[]> {
    if (events.length === 0) return [];
    if (!tx.queryRunner?.isTransactionActive)
      throw new Error('OutboxWriter.append needs an open transaction');
    const envelopes = events.map((event) => this.envelope(event));
    const traceparents = newTraceparents(envelopes.length);
    await this.outbox.append(
      tx,
      envelopes.map((e, i) => ({
        eventId: e.event_id,
        topic: this.registry.definition(e.event_name, e.event_version).topic,
        key: events[i].key,
        name: e.event_name,
        version: e.event_version,
        envelope: e,
        traceparent: traceparents[i],
      })),
    );
    return envelopes;
  }

  private envelope(event: OutgoingEvent): EventEnvelope {
    const envelope: EventEnvelope = {
      event_id: randomUUID(),
      event_version: event.version,
      event_name: event.name,
      event_time: (event.eventTime ?? new Date()).toISOString(),
      producer: this.options.service,
      data: event.data as Record<string, unknown>,
    };
    this.registry.validate(envelope);
    return envelope;
  }
}
