import { quoteIdent } from '@ates/database';

/**
 * DDL of the mail outbox of one service schema. Each service calls these from one of its own migrations,
 * so the table lives in its schema (like `messagingTablesUp`).
 *
 * `recipient` is NULL while the address is not known yet; such an e-mail waits under its `recipient_key`
 * (e.g. an account id) until `MailOutbox.address` fills it in, and the dispatcher does not claim it before.
 */
export function mailTablesUp(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE TABLE ${s}.mail_outbox (
       message_id      text        PRIMARY KEY,
       recipient       text,
       recipient_key   text,
       subject         text        NOT NULL,
       body            text        NOT NULL,
       status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
       transport       text        CHECK (transport IN ('smtp', 'log')),
       attempts        integer     NOT NULL DEFAULT 0,
       next_attempt_at timestamptz NOT NULL DEFAULT now(),
       last_error      text,
       created_at      timestamptz NOT NULL DEFAULT now(),
       sent_at         timestamptz,
       CONSTRAINT mail_outbox_recipient_check CHECK (recipient IS NOT NULL OR recipient_key IS NOT NULL)
     )`,
    `CREATE INDEX mail_outbox_due_idx ON ${s}.mail_outbox (next_attempt_at)
       WHERE status = 'pending' AND recipient IS NOT NULL`,
    `CREATE INDEX mail_outbox_waiting_idx ON ${s}.mail_outbox (recipient_key) WHERE recipient IS NULL`,
  ];
}

export function mailTablesDown(schema: string): string[] {
  return [`DROP TABLE ${quoteIdent(schema)}.mail_outbox`];
}
