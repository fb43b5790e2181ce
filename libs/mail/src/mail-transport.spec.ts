import { createMailTransport } from './create-mail-transport';
import { LogMailTransport } from './log-mail-transport';
import { messageIdHeader } from './mail-transport';
import { SmtpMailTransport } from './smtp-mail-transport';

describe('mail transports', () => {
  it('turns an idempotency key into a Message-ID in the aTES domain, keeping ids that have a domain', () => {
    expect(messageIdHeader('3f1c-payment')).toBe('<3f1c-payment@ates.popug.inc>');
    expect(messageIdHeader('x@mail.example')).toBe('<x@mail.example>');
    expect(messageIdHeader('<x@mail.example>')).toBe('<x@mail.example>');
  });

  it('sends over SMTP when a URL is set and to the log otherwise', () => {
    expect(createMailTransport('smtp://127.0.0.1:1025')).toBeInstanceOf(SmtpMailTransport);
    expect(createMailTransport(undefined)).toBeInstanceOf(LogMailTransport);
    expect(createMailTransport('  ')).toBeInstanceOf(LogMailTransport);
  });
});
