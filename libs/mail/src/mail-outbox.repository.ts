import { col, queryOne, quoteIdent, rowOf } from '@ates/database';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MAIL_OPTIONS, MailModuleOptions, OutgoingMail } from './mail-options';

/**
 * The write side of the mail outbox: e-mails are stored in the same transaction as the state change that
 * causes them, keyed by their message id, so a retried or replayed handler enqueues nothing twice.
 * The dispatcher sends them after the commit.
 *
 * An e-mail may be queued before its recipient's address is known (`to: null` with a `recipientKey`); it
 * waits, never claimed by the dispatcher, until `address` gives it one.
 */
const COUNT = rowOf('mail outbox count', { n: col.int });

@Injectable()
export class MailOutbox {
  private readonly table: string;

  constructor(@Inject(MAIL_OPTIONS) options: MailModuleOptions) {
    this.table = `${quoteIdent(options.schema)}.mail_outbox`;
  }

  /**
   * Stores e-mails inside `tx` (one INSERT for any number). An e-mail whose message id is already
   * stored (pending or sent) is skipped, its content unchanged. Returns how many were new.
   * An e-mail with `to: null` needs a `recipientKey`: it waits for `address` before it can be sent.
   */
  async enqueue(tx: EntityManager, mails: readonly OutgoingMail[]): Promise<number> {
    requireTransaction(tx, 'enqueue');
    if (mails.length === 0) return 0;
    for (const mail of mails) {
      if (!mail.messageId.trim()) throw new Error('an e-mail needs a message id');
      if (mail.to === null ? !mail.recipientKey?.trim() : !mail.to.trim())
        throw new Error(
          `an e-mail needs a recipient, or a recipient key while the address is unknown, got ${JSON.stringify(mail.messageId)}`,
        );
    }
    const inserted = await queryOne(
      tx,
      COUNT,
      `WITH rows AS (
         INSERT INTO ${this.table} (message_id, recipient, recipient_key, subject, body)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         ON CONFLICT (message_id) DO NOTHING
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM rows`,
      [
        mails.map((m) => m.messageId),
        mails.map((m) => m.to),
        mails.map((m) => m.recipientKey ?? null),
        mails.map((m) => m.subject),
        mails.map((m) => m.text),
      ],
    );
    return inserted?.n ?? 0;
  }

  /**
   * Inside `tx`: gives the pending e-mails waiting under `recipientKey` (queued with `to: null`) the
   * address `email`, so the dispatcher sends them after the commit. E-mails that already have an address
   * are left alone. Returns how many were addressed.
   *
   * An `enqueue` with `to: null` that commits concurrently with this transaction is not seen by it: the
   * caller serializes the two for one key (e.g. both lock the account row), or enqueues with the address
   * once it is known.
   */
  async address(tx: EntityManager, recipientKey: string, email: string): Promise<number> {
    requireTransaction(tx, 'address');
    if (!recipientKey.trim() || !email.trim())
      throw new Error('MailOutbox.address needs a recipient key and an e-mail address');
    const addressed = await queryOne(
      tx,
      COUNT,
      `WITH rows AS (
         UPDATE ${this.table} SET recipient = $2
          WHERE recipient_key = $1 AND recipient IS NULL AND status = 'pending'
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM rows`,
      [recipientKey, email],
    );
    return addressed?.n ?? 0;
  }
}

function requireTransaction(tx: EntityManager, method: string): void {
  if (!tx.queryRunner?.isTransactionActive) throw new Error(`MailOutbox.${method} needs an open transaction`);
}
