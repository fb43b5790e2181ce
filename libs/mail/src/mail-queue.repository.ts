import { col, queryOne, queryRows, quoteIdent, rowOf } from '@ates/database';
import { DataSource } from 'typeorm';

/** A claimed e-mail (claims only take e-mails that have a recipient). */
export interface ClaimedMail {
  messageId: string;
  recipient: string;
  subject: string;
  body: string;
  /** Including this attempt. */
  attempts: number;
}

const CLAIMED = rowOf<ClaimedMail>('claimed mail', {
  messageId: col.text,
  recipient: col.text,
  subject: col.text,
  body: col.text,
  attempts: col.int,
});
const COUNT = rowOf('mail queue count', { n: col.int });

/** The dispatcher's side of `<schema>.mail_outbox`: every statement is autocommit, no transaction spans SMTP. */
export class MailQueueRepository {
  private readonly table: string;

  constructor(
    private readonly db: DataSource,
    schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.mail_outbox`;
  }

  /** How many e-mails are waiting to be sent (due, backing off, leased, or waiting for an address). */
  async pending(): Promise<number> {
    const row = await queryOne(
      this.db,
      COUNT,
      `SELECT count(*)::int AS n FROM ${this.table} WHERE status = 'pending'`,
    );
    return row?.n ?? 0;
  }

  /**
   * Claims the next due e-mail with a recipient (`FOR UPDATE SKIP LOCKED`), counting the attempt and leasing it
   * for `leaseMs`; undefined when there is none.
   */
  async claim(leaseMs: number): Promise<ClaimedMail | undefined> {
    return (await this.claimMany(leaseMs, 1))[0];
  }

  /** Claims up to `limit` of the next due e-mails at once, like `claim`, in the order they are due. */
  claimMany(leaseMs: number, limit: number): Promise<ClaimedMail[]> {
    return queryRows(
      this.db,
      CLAIMED,
      `WITH due AS (
         SELECT message_id, next_attempt_at AS due_at FROM ${this.table}
          WHERE status = 'pending' AND recipient IS NOT NULL AND next_attempt_at <= now()
          ORDER BY next_attempt_at, message_id
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE ${this.table} m
            SET attempts = m.attempts + 1, next_attempt_at = now() + $1 * interval '1 millisecond'
           FROM due WHERE m.message_id = due.message_id
         RETURNING m.message_id, m.recipient, m.subject, m.body, m.attempts, due.due_at
       )
       SELECT message_id AS "messageId", recipient, subject, body, attempts FROM claimed
        ORDER BY due_at, message_id`,
      [leaseMs, limit],
    );
  }

  async markSent(messageId: string, transport: string): Promise<void> {
    await this.markSentMany([messageId], transport);
  }

  async markSentMany(messageIds: readonly string[], transport: string): Promise<void> {
    if (messageIds.length === 0) return;
    await this.db.query(
      `UPDATE ${this.table} SET status = 'sent', transport = $2, sent_at = now(), last_error = NULL
        WHERE message_id = ANY($1::text[])`,
      [messageIds, transport],
    );
  }

  /** Gives claimed e-mails back untried: due at once, the claim's attempt not counted. */
  async release(messageIds: readonly string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.db.query(
      `UPDATE ${this.table} SET attempts = attempts - 1, next_attempt_at = now()
        WHERE message_id = ANY($1::text[]) AND status = 'pending'`,
      [messageIds],
    );
  }

  /** Records the error and makes the e-mail due again in `delayMs`. */
  async markFailed(messageId: string, error: string, delayMs: number): Promise<void> {
    await this.db.query(
      `UPDATE ${this.table} SET last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond'
        WHERE message_id = $1`,
      [messageId, error, delayMs],
    );
  }
}
