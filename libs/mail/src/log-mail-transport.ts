import { Logger, LoggerService } from '@nestjs/common';
import { AddressedMail, MailTransport, messageIdHeader } from './mail-transport';

/** Without SMTP_URL: e-mails are written to the log (marked sent with transport 'log'). */
export class LogMailTransport implements MailTransport {
  readonly kind = 'log';
  readonly local = true;
  private warned = false;

  constructor(private readonly logger: Pick<LoggerService, 'log' | 'warn'> = new Logger('Mail')) {}

  async send(mail: AddressedMail, from: string): Promise<void> {
    if (!this.warned) {
      this.warned = true;
      this.logger.warn('SMTP_URL is not set: e-mails are written to the log, not sent');
    }
    this.logger.log(
      `e-mail ${messageIdHeader(mail.messageId)} from ${from} to ${mail.to}, subject: ${mail.subject}\n${mail.text}`,
    );
  }
}
