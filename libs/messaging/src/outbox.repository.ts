import { quoteIdent } from '@ates/database';
import { EntityManager } from 'typeorm';

export interface OutboxRow {
  eventId: string;
  topic: string;
  key: string;
  name: string;
  version: number;
  payload: string;
  traceparent: string;
}

/** The write side of `<schema>.outbox` (the relay reads it). */
export class OutboxRepository {
  private readonly table: string;

  constructor(
    schema: string,
    private readonly channel: string,
  ) {
    this.table = `${quoteIdent(schema)}.outbox`;
  }

  /** One round trip inside `tx`: the rows, and a NOTIFY that wakes the relay when the transaction commits. */
  async append(tx: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
    await tx.query(
      `WITH rows AS (
         INSERT INTO ${this.table} (event_id, topic, message_key, event_name, event_version, payload, traceparent)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[])
         RETURNING 1
       )
       SELECT pg_notify($8, NULL) FROM (SELECT count(*) FROM rows) AS inserted`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.topic),
        rows.map((r) => r.key),
        rows.map((r) => r.name),
        rows.map((r) => r.version),
        rows.map((r) => r.payload),
        rows.map((r) => r.traceparent),
        this.channel,
      ],
    );
  }
}
