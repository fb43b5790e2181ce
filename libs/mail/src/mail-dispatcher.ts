import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MAIL_OPTIONS, MAIL_TRANSPORT, MailModuleOptions } from './mail-options';
import { mailRetryDelayMs } from './mail-retry';
import { ClaimedMail, MailQueueRepository } from './mail-queue.repository';
import { MailTransport } from './mail-transport';
import { PollLoop } from './poll-loop';

const BATCH_SIZE = 50;

/**
 * How long a claimed e-mail is reserved for the dispatcher that claimed it: longer than an SMTP attempt
 * can take (10 s connection, greeting and socket timeouts), so it only expires when that dispatcher died
 * or lost its database connection before marking the e-mail.
 */
export const MAIL_LEASE_MS = 2 * 60_000;

export interface DispatchResult {
  sent: number;
  failed: number;
}

/**
 * Sends due e-mails of the outbox, one at a time: claim, send, mark (a local transport, the log: many at a
 * time, see `dispatchLocally`).
 *
 * - Claim: one autocommit statement picks the next due e-mail that has a recipient
 *   (`FOR UPDATE SKIP LOCKED`), counts the attempt and leases it by moving its `next_attempt_at`
 *   `MAIL_LEASE_MS` ahead. No transaction stays open while SMTP is talked to.
 * - Send over the transport.
 * - Mark it `sent`, or on failure record the error and move `next_attempt_at` to the back-off.
 *
 * Two dispatchers (replicas) never send the same e-mail concurrently: SKIP LOCKED keeps them from claiming
 * the same row at once, and a claimed row is not due again until its lease expires.
 *
 * The one at-least-once window: a crash (or a lost database connection) after the SMTP server accepted an
 * e-mail but before it was marked sent leaves that one e-mail leased; once the lease expires it is sent
 * again, with the same Message-ID, by which recipients' mail clients de-duplicate. The rest of the run is
 * not affected: every other e-mail is either marked sent already or was never claimed.
 */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MailDispatcher.name);
  private readonly queue: MailQueueRepository;
  private readonly loop: PollLoop;

  constructor(
    dataSource: DataSource,
    @Inject(MAIL_OPTIONS) private readonly options: MailModuleOptions,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {
    this.queue = new MailQueueRepository(dataSource, options.schema);
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
   * Sends up to `limit` due e-mails, each claimed, sent and marked on its own (see the class comment).
   * A failed e-mail is retried later with back-off; the first failure ends the run (the rest are likely to
   * fail the same way, one timeout each), the remaining e-mails go out on the next run.
   */
  async dispatchDue(limit = BATCH_SIZE): Promise<DispatchResult> {
    if (this.transport.local) return this.dispatchLocally(limit);
    const result: DispatchResult = { sent: 0, failed: 0 };
    while (result.sent < limit) {
      const mail = await this.queue.claim(MAIL_LEASE_MS);
      if (!mail) break;
      const sendError = await this.send(mail);
      if (sendError === null) {
        await this.queue.markSent(mail.messageId, this.transport.kind);
        result.sent++;
      } else {
        await this.markFailed(mail, sendError);
        result.failed++;
        break;
      }
    }
    return result;
  }

  /**
   * A local transport (the log) delivers at once and nothing remote is at stake: up to `limit` e-mails are
   * claimed by one statement and those delivered marked sent by one more. A crash in between delivers them
   * again once their lease expires (the log has the lines twice). The first failure ends the run as above; the
   * e-mails after it were claimed but not tried, and are due again at once, their attempt not counted.
   */
  private async dispatchLocally(limit: number): Promise<DispatchResult> {
    const claimed = await this.queue.claimMany(MAIL_LEASE_MS, limit);
    const sent: string[] = [];
    let failure: { mail: ClaimedMail; error: Error } | null = null;
    for (const mail of claimed) {
      const error = await this.send(mail);
      if (error) {
        failure = { mail, error };
        break;
      }
      sent.push(mail.messageId);
    }
    await this.queue.markSentMany(sent, this.transport.kind);
    if (!failure) return { sent: sent.length, failed: 0 };
    await this.markFailed(failure.mail, failure.error);
    await this.queue.release(claimed.slice(sent.length + 1).map((m) => m.messageId));
    return { sent: sent.length, failed: 1 };
  }

  /** How many e-mails are waiting to be sent (due, backing off, leased, or waiting for an address). */
  pending(): Promise<number> {
    return this.queue.pending();
  }

  private async send(mail: ClaimedMail): Promise<Error | null> {
    try {
      await this.transport.send(
        { messageId: mail.messageId, to: mail.recipient, subject: mail.subject, text: mail.body },
        this.options.from,
      );
      return null;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  private async markFailed(mail: ClaimedMail, error: Error): Promise<void> {
    const delayMs = mailRetryDelayMs(mail.attempts);
    this.logger.warn(
      `e-mail ${mail.messageId} failed (attempt ${mail.attempts}), retry in ${delayMs} ms: ${error.message}`,
    );
    await this.queue.markFailed(mail.messageId, error.message.slice(0, 2000), delayMs);
  }
}
