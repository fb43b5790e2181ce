import { randomUUID } from 'node:crypto';
import { OutgoingMail } from './mail-options';
import { MailOutbox } from './mail-outbox.repository';
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
    const enqueue = (m: OutgoingMail) => t.dataSource.transaction((tx) => outbox.enqueue(tx, [m]));
    await expect(outbox.enqueue(t.dataSource.manager, [mail()])).rejects.toThrow(/open transaction/);
    await expect(enqueue(mail(' '))).rejects.toThrow(/needs a message id/);
    await expect(enqueue({ ...mail(), to: ' ' })).rejects.toThrow(/needs a recipient/);
    await expect(enqueue({ ...mail(), to: null })).rejects.toThrow(/recipient key/);
    await expect(enqueue({ ...mail(), to: null, recipientKey: ' ' })).rejects.toThrow(/recipient key/);
  });

  it('stores an e-mail without an address under its recipient key, and addresses it in a transaction', async () => {
    const key = `acc-${randomUUID()}`;
    const waiting = { ...mail(), to: null, recipientKey: key };
    const other = { ...mail(), to: null, recipientKey: `acc-${randomUUID()}` };
    const known = { ...mail(), recipientKey: key };
    await t.dataSource.transaction((tx) => outbox.enqueue(tx, [waiting, other, known]));
    expect(await rows(waiting.messageId)).toEqual([
      expect.objectContaining({ recipient: null, recipient_key: key, status: 'pending', attempts: 0 }),
    ]);

    // Outside a transaction, or rolled back: nothing changes.
    await expect(outbox.address(t.dataSource.manager, key, 'x@popug.inc')).rejects.toThrow(
      /open transaction/,
    );
    await expect(
      t.dataSource.transaction(async (tx) => {
        expect(await outbox.address(tx, key, 'x@popug.inc')).toBe(1);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await rows(waiting.messageId)).toEqual([expect.objectContaining({ recipient: null })]);

    expect(await t.dataSource.transaction((tx) => outbox.address(tx, key, 'x@popug.inc'))).toBe(1);
    expect(await t.dataSource.transaction((tx) => outbox.address(tx, key, 'y@popug.inc'))).toBe(0);
    expect(await rows(waiting.messageId)).toEqual([expect.objectContaining({ recipient: 'x@popug.inc' })]);
    expect(await rows(known.messageId)).toEqual([expect.objectContaining({ recipient: 'bob@popug.inc' })]);
    expect(await rows(other.messageId)).toEqual([expect.objectContaining({ recipient: null })]);
  });

  it('has the database refuse an e-mail with neither a recipient nor a recipient key', async () => {
    await expect(
      t.dataSource.query(
        `INSERT INTO ${SCHEMA}.mail_outbox (message_id, subject, body) VALUES ('nobody', 'Hi', 'Hello')`,
      ),
    ).rejects.toThrow(/mail_outbox_recipient_check/);
  });
});
