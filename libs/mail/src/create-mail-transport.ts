import { LogMailTransport } from './log-mail-transport';
import { MailTransport } from './mail-transport';
import { SmtpMailTransport } from './smtp-mail-transport';

/** SMTP when a URL is configured, the log otherwise. */
export function createMailTransport(smtpUrl: string | undefined): MailTransport {
  return smtpUrl?.trim() ? new SmtpMailTransport(smtpUrl.trim()) : new LogMailTransport();
}
