import { randomUUID } from 'node:crypto';
import { OutgoingMail } from './mail-options';
import { MailOutbox } from './mail-outbox';
import { MailTestDatabase, mailTestDatabase, SCHEMA } from './testing/mail-test-database';

describe('mail outbox (integration, real PostgreSQL)', () => {
  let t: MailTestDatabase;
  const outbox = new MailOutbox({ schema: SCHEMA, from: 'aTES <no-reply@popug.inc>' });
  const mail = (messageId: string = randomUUID()): OutgoingMail => ({
    messageId,
    to: 'bob@popug.inc',
    subject: 'Your payout',
    text: 'You were paid $42.',
  });
  const rows = (id: string) =>
    t.dataSource.query(`SELECT * FROM ${SCHEMA}.mail_outbox WHERE message_id = $1`, [id]);

  beforeAll(async () => (t = await mailTestDatabase()));
  afterAll(() => t.close());

  it('stores an e-mail once per message id, even when two transactions enqueue it', async () => {
    const first = mail();
    const again = { ...first, subject: 'A different subject' };
    expect(await t.dataSource.transaction((tx) => outbox.enqueue(tx, [first]))).toBe(1);
    expect(await t.dataSource.transaction((tx) => outbox.enqueue(tx, [again]))).toBe(0);
    expect(await rows(first.messageId)).toEqual([
      expect.objectContaining({
        recipient: 'bob@popug.inc',
        subject: 'Your payout',
        body: 'You were paid $42.',
        status: 'pending',
        transport: null,
        attempts: 0,
        last_error: null,
        sent_at: null,
      }),
    ]);
  });

  it('counts only the new e-mails of a batch, duplicates inside the batch included', async () => {
    const known = mail();
    await t.dataSource.transaction((tx) => outbox.enqueue(tx, [known]));
    const fresh = mail();
    expect(await t.dataSource.transaction((tx) => outbox.enqueue(tx, [known, fresh, fresh, mail()]))).toBe(2);
    expect(await rows(fresh.messageId)).toHaveLength(1);
  });

  it('stores nothing when the transaction rolls back', async () => {
    const lost = mail();
    await expect(
      t.dataSource.transaction(async (tx) => {
        await outbox.enqueue(tx, [lost]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await rows(lost.messageId)).toEqual([]);
  });

  it('refuses to enqueue outside a transaction, and e-mails without id or recipient', async () => {
    await expect(outbox.enqueue(t.dataSource.manager, [mail()])).rejects.toThrow(/open transaction/);
    await expect(t.dataSource.transaction((tx) => outbox.enqueue(tx, [mail(' ')]))).rejects.toThrow(
      /message id and a recipient/,
    );
  });
});
