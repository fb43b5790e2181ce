import { quoteIdent } from '@ates/database';
import { EntityManager } from 'typeorm';

export interface OutboxRow {
  eventId: string;
  topic: string;
  key: string;
  name: string;
  version: number;
  /** The envelope, stored as its JSON text. */
  envelope: object;
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

  /**
   * One round trip inside `tx`: the rows, and a NOTIFY that wakes the relay when the transaction commits. The
   * payloads go as one JSON array (a json element keeps its text as written): no text[] escaping of every payload.
   */
  async append(tx: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
    await tx.query(
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
        rows.map((r) => r.eventId),
        rows.map((r) => r.topic),
        rows.map((r) => r.key),
        rows.map((r) => r.name),
        rows.map((r) => r.version),
        JSON.stringify(rows.map((r) => r.envelope)),
        rows.map((r) => r.traceparent),
        this.channel,
      ],
    );
  }
}
