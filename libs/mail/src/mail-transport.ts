import { OutgoingMail } from './mail-options';

/** An e-mail whose recipient is known: what the dispatcher hands to a transport. */
export interface AddressedMail extends OutgoingMail {
  to: string;
}

/** Delivers one e-mail; throws when it was not accepted. */
export interface MailTransport {
  readonly kind: 'smtp' | 'log';
  /**
   * Whether it delivers locally and at once (the log): the dispatcher then claims and marks many e-mails per
   * statement, since nothing is at stake while they are sent. A remote transport gets one e-mail claimed at a time.
   */
  readonly local?: boolean;
  send(mail: AddressedMail, from: string): Promise<void>;
  close?(): Promise<void>;
}

export const MESSAGE_ID_DOMAIN = 'ates.popug.inc';

/** `<id@ates.popug.inc>`, or `<id>` when the id already has a domain part. */
export function messageIdHeader(messageId: string): string {
  const id = messageId.replace(/^<|>$/g, '');
  return id.includes('@') ? `<${id}>` : `<${id}@${MESSAGE_ID_DOMAIN}>`;
}
