import { quoteIdent } from '@ates/database';

/**
 * DDL of the transactional outbox and the inbox (`processed_events`) of one service schema.
 * Each service calls these from its own first migration, so the tables live in its schema.
 */
export function messagingTablesUp(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE TABLE ${s}.outbox (
       id            bigserial PRIMARY KEY,
       event_id      uuid        NOT NULL UNIQUE,
       topic         text        NOT NULL,
       message_key   text        NOT NULL,
       event_name    text        NOT NULL,
       event_version integer     NOT NULL,
       payload       text        NOT NULL,
       traceparent   text        NOT NULL,
       created_at    timestamptz NOT NULL DEFAULT now(),
       sent_at       timestamptz
     )`,
    `CREATE INDEX outbox_unsent_idx ON ${s}.outbox (id) WHERE sent_at IS NULL`,
    `CREATE TABLE ${s}.processed_events (
       consumer     text        NOT NULL,
       event_id     uuid        NOT NULL,
       processed_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (consumer, event_id)
     )`,
  ];
}

export function messagingTablesDown(schema: string): string[] {
  const s = quoteIdent(schema);
  return [`DROP TABLE ${s}.processed_events`, `DROP TABLE ${s}.outbox`];
}
