import { createTransport } from 'nodemailer';
import { AddressedMail, MailTransport, messageIdHeader } from './mail-transport';

type Mailer = ReturnType<typeof createTransport>;

/**
 * Sends over SMTP with nodemailer. The URL may carry nodemailer options as query parameters
 * (e.g. `?pool=true`); by default every e-mail uses its own short-lived connection.
 */
export class SmtpMailTransport implements MailTransport {
  readonly kind = 'smtp';
  private readonly mailer: Mailer;

  constructor(smtpUrl: string, timeoutMs = 10_000) {
    this.mailer = createTransport({
      url: smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  async send(mail: AddressedMail, from: string): Promise<void> {
    await this.mailer.sendMail({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: messageIdHeader(mail.messageId),
    });
  }

  async close(): Promise<void> {
    this.mailer.close();
  }
}
