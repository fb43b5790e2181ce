import { EventEnvelope, SchemaRegistry } from '@ates/contracts';
import { quoteIdent } from '@ates/database';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.tokens';
import { outboxChannel } from './outbox.relay';
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
  private readonly table: string;
  private readonly channel: string;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly registry: SchemaRegistry,
  ) {
    this.table = `${quoteIdent(options.schema)}.outbox`;
    this.channel = outboxChannel(options.schema);
  }

  /** Appends events inside `tx` (one INSERT for any number of events). Returns their envelopes. */
  async append(tx: EntityManager, events: readonly OutgoingEvent[]): Promise<EventEnvelope[]> {
    if (events.length === 0) return [];
    if (!tx.queryRunner?.isTransactionActive)
      throw new Error('OutboxWriter.append needs an open transaction');
    const envelopes = events.map((event) => this.envelope(event));
    const topics = events.map((event) => this.registry.definition(event.name, event.version).topic);
    await tx.query(
      // One round trip: the rows, and a NOTIFY that wakes the relay when the transaction commits. The payloads
      // go as one JSON array (a json element keeps its text as written): no text[] escaping of every payload.
      `WITH rows AS (
         INSERT INTO ${this.table} (event_id, topic, message_key, event_name, event_version, payload, traceparent)
         SELECT e.event_id, e.topic, e.message_key, e.event_name, e.event_version, p.payload::text, e.traceparent
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $7::text[])
                WITH ORDINALITY AS e(event_id, topic, message_key, event_name, event_version, traceparent, n)
           JOIN json_array_elements($6::json) WITH ORDINALITY AS p(payload, n) USING (n)
          ORDER BY n
         RETURNING 1
       )
       SELECT pg_notify($8, NULL) FROM (SELECT count(*) FROM rows) AS inserted`,
      [
        envelopes.map((e) => e.event_id),
        topics,
        events.map((e) => e.key),
        envelopes.map((e) => e.event_name),
        envelopes.map((e) => e.event_version),
        JSON.stringify(envelopes),
        newTraceparents(envelopes.length),
        this.channel,
      ],
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
