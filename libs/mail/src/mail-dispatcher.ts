import { quoteIdent } from '@ates/database';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MAIL_OPTIONS, MAIL_TRANSPORT, MailModuleOptions } from './mail-options';
import { mailRetryDelayMs } from './mail-retry';
import { MailTransport } from './mail-transport';
import { PollLoop } from './poll-loop';

interface DueMail {
  message_id: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

const BATCH_SIZE = 50;

export interface DispatchResult {
  sent: number;
  failed: number;
}

/**
 * Sends due e-mails of the outbox. Each run locks its batch with FOR UPDATE SKIP LOCKED, so replicas
 * never send the same e-mail concurrently, and marks each e-mail in the same transaction.
 *
 * The one at-least-once window: a crash (or a lost database connection) after the SMTP server accepted
 * an e-mail but before the commit leaves it (and the rest of that run's batch) pending, and it is sent
 * again with the same Message-ID, by which recipients' mail clients de-duplicate. Everything else is
 * exactly once.
 */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MailDispatcher.name);
  private readonly table: string;
  private readonly loop: PollLoop;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MAIL_OPTIONS) private readonly options: MailModuleOptions,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {
    this.table = `${quoteIdent(options.schema)}.mail_outbox`;
    this.loop = new PollLoop(
      async () => (await this.dispatchDue()).sent === BATCH_SIZE,
      options.pollIntervalMs ?? 1_000,
      (error) =>
        this.logger.error(`mail dispatch failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  onApplicationBootstrap(): void {
    if (this.options.autoStart !== false) this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    await this.transport.close?.();
  }

  /**
   * Sends up to `limit` due e-mails in one transaction. A failed e-mail is retried later with back-off;
   * the first failure ends the run (the rest are likely to fail the same way, and the transaction should
   * not stay open for a timeout per e-mail), the remaining e-mails go out on the next run.
   */
  async dispatchDue(limit = BATCH_SIZE): Promise<DispatchResult> {
    return this.dataSource.transaction(async (tx) => {
      const due: DueMail[] = await tx.query(
        `SELECT message_id, recipient, subject, body, attempts FROM ${this.table}
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, message_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      const result: DispatchResult = { sent: 0, failed: 0 };
      for (const mail of due) {
        const sendError = await this.send(mail);
        if (sendError === null) {
          await tx.query(
            `UPDATE ${this.table} SET status = 'sent', transport = $2, sent_at = now(), attempts = attempts + 1,
                    last_error = NULL WHERE message_id = $1`,
            [mail.message_id, this.transport.kind],
          );
          result.sent++;
        } else {
          await this.markFailed(tx, mail, sendError);
          result.failed++;
          break;
        }
      }
      return result;
    });
  }

  /** How many e-mails are waiting to be sent (due or backing off). */
  async pending(): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM ${this.table} WHERE status = 'pending'`,
    );
    return rows[0].n;
  }

  private async send(mail: DueMail): Promise<Error | null> {
    try {
      await this.transport.send(
        { messageId: mail.message_id, to: mail.recipient, subject: mail.subject, text: mail.body },
        this.options.from,
      );
      return null;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  private async markFailed(tx: EntityManager, mail: DueMail, error: Error): Promise<void> {
    const attempts = mail.attempts + 1;
    const delayMs = mailRetryDelayMs(attempts);
    this.logger.warn(
      `e-mail ${mail.message_id} failed (attempt ${attempts}), retry in ${delayMs} ms: ${error.message}`,
    );
    await tx.query(
      `UPDATE ${this.table} SET attempts = $2, last_error = $3,
              next_attempt_at = now() + $4 * interval '1 millisecond' WHERE message_id = $1`,
      [mail.message_id, attempts, error.message.slice(0, 2000), delayMs],
    );
  }
}
