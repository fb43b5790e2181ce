export const MAIL_OPTIONS = Symbol('MAIL_OPTIONS');
export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

export interface MailModuleOptions {
  /** The service's schema, where its `mail_outbox` lives (see `mailTablesUp`). */
  schema: string;
  /** e.g. `smtp://user:pass@host:587`; unset: e-mails are written to the log instead of being sent. */
  smtpUrl?: string;
  /** Sender of every e-mail, e.g. `aTES <no-reply@popug.inc>`. */
  from: string;
  /** How often the dispatcher looks for due e-mails (default 1000 ms). */
  pollIntervalMs?: number;
  /** Start the dispatch loop at application bootstrap (default true; tests call `dispatchDue()`). */
  autoStart?: boolean;
}

/** One e-mail; `messageId` is the idempotency key (e.g. a payment id) and becomes the Message-ID header. */
export interface OutgoingMail {
  messageId: string;
  /**
   * The recipient's address, or null while it is not known yet: the e-mail then waits in the outbox, under
   * `recipientKey`, until `MailOutbox.address(tx, recipientKey, email)` gives it one.
   */
  to: string | null;
  /** An opaque key chosen by the caller (e.g. an account id); required when `to` is null. */
  recipientKey?: string;
  subject: string;
  text: string;
}
