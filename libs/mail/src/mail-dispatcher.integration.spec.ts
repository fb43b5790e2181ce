import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LogMailTransport } from './log-mail-transport';
import { MAIL_LEASE_MS, MailDispatcher } from './mail-dispatcher';
import { MailModuleOptions, OutgoingMail } from './mail-options';
import { MailOutbox } from './mail-outbox.repository';
import { AddressedMail, MailTransport } from './mail-transport';
import { SmtpMailTransport } from './smtp-mail-transport';
import { MailTestDatabase, mailTestDatabase, SCHEMA } from './testing/mail-test-database';
import { closedPort, eventually, SmtpTestServer, startSmtpTestServer } from '@ates/testing';

/** Delegates to another transport and runs `after` once the e-mail was accepted (a crash, a pause). */
class AfterSendTransport implements MailTransport {
  readonly kind = 'smtp';
  readonly sent: AddressedMail[] = [];

  constructor(
    private readonly inner: MailTransport,
    private readonly after: (mail: AddressedMail, nth: number) => Promise<void>,
  ) {}

  async send(mail: AddressedMail, from: string): Promise<void> {
    await this.inner.send(mail, from);
    this.sent.push(mail);
    await this.after(mail, this.sent.length);
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}

describe('mail dispatcher (integration, real PostgreSQL and SMTP)', () => {
  let t: MailTestDatabase;
  const servers: SmtpTestServer[] = [];
  const dispatchers: MailDispatcher[] = [];
  const options: MailModuleOptions = { schema: SCHEMA, from: 'aTES <no-reply@popug.inc>', autoStart: false };
  const outbox = new MailOutbox(options);
  const mail = (n: number): OutgoingMail => ({
    messageId: randomUUID(),
    to: `popug${n}@popug.inc`,
    subject: `Payout ${n}`,
    text: `Hello popug ${n}, you were paid $${n}.`,
  });
  const enqueue = (mails: OutgoingMail[]) => t.dataSource.transaction((tx) => outbox.enqueue(tx, mails));
  const dispatcher = (transport: MailTransport, dataSource: DataSource = t.dataSource) => {
    const created = new MailDispatcher(dataSource, options, transport);
    dispatchers.push(created);
    return created;
  };
  const smtpServer = async (port?: number, delayMs?: number) => {
    const server = await startSmtpTestServer(port, { delayMs });
    servers.push(server);
    return server;
  };
  const row = async (id: string) =>
    (await t.dataSource.query(`SELECT * FROM ${SCHEMA}.mail_outbox WHERE message_id = $1`, [id]))[0];
  const header = (id: string) => `<${id}@ates.popug.inc>`;
  const idleInTransaction = async () =>
    (
      await t.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      )
    )[0].n;

  beforeAll(async () => (t = await mailTestDatabase()));
  beforeEach(() => t.dataSource.query(`TRUNCATE ${SCHEMA}.mail_outbox`));
  afterEach(async () => {
    for (const d of dispatchers.splice(0)) await d.onModuleDestroy();
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(() => t.close());

  it('sends each pending e-mail once over SMTP with its Message-ID and marks it sent', async () => {
    const server = await smtpServer();
    const mails = [mail(1), mail(2)];
    await enqueue(mails);
    const smtp = dispatcher(new SmtpMailTransport(server.url));

    expect(await smtp.dispatchDue()).toEqual({ sent: 2, failed: 0 });
    expect(await smtp.dispatchDue()).toEqual({ sent: 0, failed: 0 });

    expect(server.received).toHaveLength(2);
    const first = server.received.find((r) => r.messageId === `<${mails[0].messageId}@ates.popug.inc>`);
    expect(first).toEqual({
      messageId: `<${mails[0].messageId}@ates.popug.inc>`,
      to: 'popug1@popug.inc',
      subject: 'Payout 1',
      body: 'Hello popug 1, you were paid $1.',
    });
    expect(await row(mails[0].messageId)).toMatchObject({
      status: 'sent',
      transport: 'smtp',
      attempts: 1,
      sent_at: expect.any(Date),
    });
    expect(await smtp.pending()).toBe(0);
  });

  it('keeps an e-mail pending with back-off while SMTP is down, and sends it once when SMTP is back', async () => {
    const port = await closedPort();
    const [down, waiting] = [mail(1), mail(2)];
    await enqueue([down]);
    await enqueue([waiting]);
    const smtp = dispatcher(new SmtpMailTransport(`smtp://127.0.0.1:${port}`));

    // The first failure ends the run: the other e-mail is not tried (and not counted) against a dead server.
    expect(await smtp.dispatchDue()).toEqual({ sent: 0, failed: 1 });
    const failed = await row(down.messageId);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.any(String) });
    const [{ future }] = await t.dataSource.query(
      `SELECT next_attempt_at > now() AS future FROM ${SCHEMA}.mail_outbox WHERE message_id = $1`,
      [down.messageId],
    );
    expect(future).toBe(true);
    expect(await row(waiting.messageId)).toMatchObject({ status: 'pending', attempts: 0 });

    const server = await smtpServer(port);
    expect(await smtp.dispatchDue()).toEqual({ sent: 1, failed: 0 }); // `down` still backs off
    await t.dataSource.query(
      `UPDATE ${SCHEMA}.mail_outbox SET next_attempt_at = now() WHERE status = 'pending'`,
    );
    expect(await smtp.dispatchDue()).toEqual({ sent: 1, failed: 0 });
    expect(await smtp.dispatchDue()).toEqual({ sent: 0, failed: 0 });

    expect(server.received.map((r) => r.messageId).sort()).toEqual(
      [down, waiting].map((m) => `<${m.messageId}@ates.popug.inc>`).sort(),
    );
    expect(await row(down.messageId)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('never sends an e-mail twice when two replicas dispatch concurrently', async () => {
    const server = await smtpServer(0, 5);
    const mails = Array.from({ length: 30 }, (_, i) => mail(i));
    await enqueue(mails);
    const replicas = [
      dispatcher(new SmtpMailTransport(server.url)),
      dispatcher(new SmtpMailTransport(server.url), await t.replica()),
    ];
    const drain = async (d: MailDispatcher) => {
      let sent = 0;
      for (let run = await d.dispatchDue(4); run.sent > 0; run = await d.dispatchDue(4)) sent += run.sent;
      return sent;
    };

    const sent = await Promise.all(replicas.map(drain));

    const ids = server.received.map((r) => r.messageId);
    expect(ids).toHaveLength(30);
    expect(new Set(ids)).toEqual(new Set(mails.map((m) => `<${m.messageId}@ates.popug.inc>`)));
    expect(sent[0] + sent[1]).toBe(30);
    expect(sent.every((n) => n > 0)).toBe(true);
    expect(await replicas[0].pending()).toBe(0);
  });

  it('writes e-mails to the log without SMTP, marks them sent by the log, and warns once', async () => {
    const logs: string[] = [];
    const warnings: string[] = [];
    const logger = { log: (m: string) => logs.push(m), warn: (m: string) => warnings.push(m) };
    const mails = [mail(1), mail(2), mail(3)];
    await enqueue(mails);

    expect(await dispatcher(new LogMailTransport(logger)).dispatchDue()).toEqual({ sent: 3, failed: 0 });

    expect(warnings).toEqual(['SMTP_URL is not set: e-mails are written to the log, not sent']);
    expect(logs).toHaveLength(3);
    expect(logs.find((l) => l.includes('popug2@popug.inc'))).toMatch(/Payout 2[\s\S]*you were paid \$2\./);
    expect(await row(mails[2].messageId)).toMatchObject({ status: 'sent', transport: 'log', attempts: 1 });
  });

  it('to the log, claims a run with one statement and marks it with one more; a failure gives the rest back', async () => {
    const mails = [mail(1), mail(2), mail(3), mail(4)];
    for (const m of mails) await enqueue([m]); // due in this order
    const logged: string[] = [];
    const failing: MailTransport = {
      kind: 'log',
      local: true,
      send: async (m) => {
        if (m.messageId === mails[2].messageId) throw new Error('disk full');
        logged.push(m.messageId);
      },
    };
    const statements: string[] = [];
    const log = dispatcher(failing);
    const query = t.dataSource.query.bind(t.dataSource);
    t.dataSource.query = ((sql: string, params?: unknown[]) => {
      statements.push(sql.trim().split(/\s+/)[0]);
      return query(sql, params);
    }) as typeof t.dataSource.query;
    try {
      expect(await log.dispatchDue()).toEqual({ sent: 2, failed: 1 });
    } finally {
      t.dataSource.query = query;
    }

    expect(logged).toEqual([mails[0].messageId, mails[1].messageId]);
    expect(statements).toEqual(['WITH', 'UPDATE', 'UPDATE', 'UPDATE']); // claim, sent, failed, given back
    expect(await row(mails[1].messageId)).toMatchObject({ status: 'sent', transport: 'log', attempts: 1 });
    expect(await row(mails[2].messageId)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'disk full',
    });
    expect(await row(mails[3].messageId)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await dispatcher(new LogMailTransport({ log: () => 0, warn: () => 0 })).dispatchDue()).toEqual({
      sent: 1, // mail 4, due at once; mail 3 backs off
      failed: 0,
    });
  });

  it('after a crash between SMTP accepting an e-mail and marking it sent, re-sends that one e-mail only', async () => {
    const server = await smtpServer();
    const mails = [mail(1), mail(2), mail(3)];
    for (const m of mails) await enqueue([m]); // claimed in this order
    // The crashing replica has its own connection pool; it "dies" right after SMTP accepted its second
    // e-mail: its pool is gone, so it cannot mark that e-mail sent (nor claim anything else).
    const doomed = await new DataSource({ type: 'postgres', url: t.db.url }).initialize();
    const crashing = dispatcher(
      new AfterSendTransport(new SmtpMailTransport(server.url), async (_mail, nth) => {
        if (nth === 2) await doomed.destroy();
      }),
      doomed,
    );

    await expect(crashing.dispatchDue()).rejects.toThrow(/not Connected/); // marking it sent failed

    expect(server.received.map((r) => r.messageId)).toEqual(
      [mails[0], mails[1]].map((m) => header(m.messageId)),
    );
    expect(await row(mails[0].messageId)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await row(mails[1].messageId)).toMatchObject({ status: 'pending', attempts: 1, last_error: null });
    expect(await row(mails[2].messageId)).toMatchObject({ status: 'pending', attempts: 0 });
    const [{ leaseMs }] = await t.dataSource.query(
      `SELECT extract(epoch FROM next_attempt_at - now()) * 1000 AS "leaseMs"
         FROM ${SCHEMA}.mail_outbox WHERE message_id = $1`,
      [mails[1].messageId],
    );
    expect(Number(leaseMs)).toBeGreaterThan(MAIL_LEASE_MS - 30_000);
    expect(Number(leaseMs)).toBeLessThanOrEqual(MAIL_LEASE_MS);

    // While the lease holds, another replica sends the rest but not the leased e-mail.
    const survivor = dispatcher(new SmtpMailTransport(server.url));
    expect(await survivor.dispatchDue()).toEqual({ sent: 1, failed: 0 });
    // The lease expires.
    await t.dataSource.query(
      `UPDATE ${SCHEMA}.mail_outbox SET next_attempt_at = now() - interval '1 second' WHERE message_id = $1`,
      [mails[1].messageId],
    );
    expect(await survivor.dispatchDue()).toEqual({ sent: 1, failed: 0 });
    expect(await survivor.dispatchDue()).toEqual({ sent: 0, failed: 0 });

    const received = server.received.map((r) => r.messageId);
    expect(received.filter((id) => id === header(mails[0].messageId))).toHaveLength(1);
    expect(received.filter((id) => id === header(mails[1].messageId))).toHaveLength(2);
    expect(received.filter((id) => id === header(mails[2].messageId))).toHaveLength(1);
    expect(received).toHaveLength(4);
    expect(await row(mails[1].messageId)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await survivor.pending()).toBe(0);
  });

  it('holds no transaction open while sending, and another replica skips the e-mail being sent', async () => {
    const server = await smtpServer();
    const mails = [mail(1), mail(2)];
    for (const m of mails) await enqueue([m]);
    let release: (() => void) | undefined;
    const slow = new AfterSendTransport(new SmtpMailTransport(server.url), (_mail, nth) =>
      nth === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve(),
    );
    const blocked = dispatcher(slow, await t.replica()).dispatchDue();
    await eventually(() => expect(release).toBeDefined(), { intervalMs: 5 });
    const [inFlight] = slow.sent;
    expect(inFlight.messageId).toBe(mails[0].messageId);

    expect(await idleInTransaction()).toBe(0);
    const other = dispatcher(new SmtpMailTransport(server.url));
    expect(await other.dispatchDue()).toEqual({ sent: 1, failed: 0 }); // mail 2, not the leased mail 1
    expect(await other.dispatchDue()).toEqual({ sent: 0, failed: 0 });
    expect(await idleInTransaction()).toBe(0);
    expect(await row(mails[0].messageId)).toMatchObject({ status: 'pending', attempts: 1 });

    release?.();
    expect(await blocked).toEqual({ sent: 1, failed: 0 });
    expect(server.received.map((r) => r.messageId).sort()).toEqual(
      mails.map((m) => header(m.messageId)).sort(),
    );
    expect(await row(mails[0].messageId)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await other.pending()).toBe(0);
  });

  it('keeps an e-mail without an address waiting, and sends it once to the address it is given', async () => {
    const server = await smtpServer();
    const waiting: OutgoingMail = { ...mail(1), to: null, recipientKey: 'acc-1' };
    const addressed = mail(2);
    await enqueue([waiting, addressed]);
    const smtp = dispatcher(new SmtpMailTransport(server.url));

    expect(await smtp.dispatchDue()).toEqual({ sent: 1, failed: 0 });
    expect(server.received.map((r) => r.messageId)).toEqual([header(addressed.messageId)]);
    expect(await row(waiting.messageId)).toMatchObject({ status: 'pending', recipient: null, attempts: 0 });
    expect(await smtp.pending()).toBe(1);

    expect(await t.dataSource.transaction((tx) => outbox.address(tx, 'acc-2', 'y@popug.inc'))).toBe(0);
    expect(await smtp.dispatchDue()).toEqual({ sent: 0, failed: 0 });
    expect(await row(waiting.messageId)).toMatchObject({ status: 'pending', recipient: null, attempts: 0 });

    expect(await t.dataSource.transaction((tx) => outbox.address(tx, 'acc-1', 'x@popug.inc'))).toBe(1);
    expect(await smtp.dispatchDue()).toEqual({ sent: 1, failed: 0 });
    expect(await smtp.dispatchDue()).toEqual({ sent: 0, failed: 0 });
    expect(await t.dataSource.transaction((tx) => outbox.address(tx, 'acc-1', 'z@popug.inc'))).toBe(0);

    expect(server.received).toHaveLength(2);
    expect(server.received[1]).toEqual({
      messageId: header(waiting.messageId),
      to: 'x@popug.inc',
      subject: 'Payout 1',
      body: 'Hello popug 1, you were paid $1.',
    });
    expect(await row(waiting.messageId)).toMatchObject({
      status: 'sent',
      recipient: 'x@popug.inc',
      recipient_key: 'acc-1',
      attempts: 1,
    });
    expect(await smtp.pending()).toBe(0);
  });
});
