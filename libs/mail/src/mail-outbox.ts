import { quoteIdent } from '@ates/database';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MAIL_OPTIONS, MailModuleOptions, OutgoingMail } from './mail-options';

/**
 * The write side of the mail outbox: e-mails are stored in the same transaction as the state change that
 * causes them, keyed by their message id, so a retried or replayed handler enqueues nothing twice.
 * The dispatcher sends them after the commit.
 */
@Injectable()
export class MailOutbox {
  private readonly table: string;

  constructor(@Inject(MAIL_OPTIONS) options: MailModuleOptions) {
    this.table = `${quoteIdent(options.schema)}.mail_outbox`;
  }

  /**
   * Stores e-mails inside `tx` (one INSERT for any number). An e-mail whose message id is already
   * stored (pending or sent) is skipped, its content unchanged. Returns how many were new.
   */
  async enqueue(tx: EntityManager, mails: readonly OutgoingMail[]): Promise<number> {
    if (!tx.queryRunner?.isTransactionActive) throw new Error('MailOutbox.enqueue needs an open transaction');
    if (mails.length === 0) return 0;
    for (const mail of mails) {
      if (!mail.messageId.trim() || !mail.to.trim())
        throw new Error(
          `an e-mail needs a message id and a recipient, got ${JSON.stringify(mail.messageId)}`,
        );
    }
    const rows: { inserted: number }[] = await tx.query(
      `WITH rows AS (
         INSERT INTO ${this.table} (message_id, recipient, subject, body)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
         ON CONFLICT (message_id) DO NOTHING
         RETURNING 1
       )
       SELECT count(*)::int AS inserted FROM rows`,
      [
        mails.map((m) => m.messageId),
        mails.map((m) => m.to),
        mails.map((m) => m.subject),
        mails.map((m) => m.text),
      ],
    );
    return rows[0].inserted;
  }
}
