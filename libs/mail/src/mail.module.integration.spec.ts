import { Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MAIL_TRANSPORT } from './mail-options';
import { MailOutbox } from './mail-outbox.repository';
import { mailTablesUp } from './mail-tables';
import { MailTransport } from './mail-transport';
import { MailModule } from './mail.module';
import { MailTestDatabase, mailTestDatabase } from './testing/mail-test-database';
import { eventually, SmtpTestServer, startSmtpTestServer } from '@ates/testing';

describe('MailModule (integration, real PostgreSQL and SMTP)', () => {
  let t: MailTestDatabase;
  let server: SmtpTestServer;
  let app: TestingModule | undefined;
  const start = async (options: Parameters<typeof MailModule.forService>[0]) => {
    app = await Test.createTestingModule({
      imports: [TypeOrmModule.forRoot({ type: 'postgres', url: t.db.url }), MailModule.forService(options)],
    }).compile();
    await app.init();
    return app;
  };

  beforeAll(async () => {
    t = await mailTestDatabase();
    server = await startSmtpTestServer(0, { delayMs: 300 });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('runs the dispatch loop from bootstrap to shutdown, surviving failed runs', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await t.dataSource.query('CREATE SCHEMA late');
    const nest = await start({
      schema: 'late',
      smtpUrl: server.url,
      from: 'aTES <a@popug.inc>',
      pollIntervalMs: 20,
    });
    expect(nest.get<MailTransport>(MAIL_TRANSPORT).kind).toBe('smtp');

    // No table yet: runs fail, are logged, and the loop goes on.
    await eventually(() =>
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/mail dispatch failed/)),
    );
    for (const sql of mailTablesUp('late')) await t.dataSource.query(sql);
    const mail = { messageId: 'payment-1', to: 'bob@popug.inc', subject: 'Payout', text: 'Paid.' };
    await nest.get(DataSource).transaction((tx) => nest.get(MailOutbox).enqueue(tx, [mail]));

    // The server has the message but answers 300 ms later: shutdown waits for that run to mark it sent.
    await eventually(() =>
      expect(server.received.map((r) => r.messageId)).toEqual(['<payment-1@ates.popug.inc>']),
    );
    await nest.close();
    app = undefined;
    const [row] = await t.dataSource.query(
      `SELECT status FROM late.mail_outbox WHERE message_id = 'payment-1'`,
    );
    expect(row).toEqual({ status: 'sent' });
  });

  it('writes to the log when no SMTP URL is configured', async () => {
    const nest = await start({ schema: 'billing', from: 'aTES <a@popug.inc>', autoStart: false });
    expect(nest.get<MailTransport>(MAIL_TRANSPORT).kind).toBe('log');
  });
});
