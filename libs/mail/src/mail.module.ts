import { DynamicModule, Global, Module } from '@nestjs/common';
import { createMailTransport } from './create-mail-transport';
import { MailDispatcher } from './mail-dispatcher';
import { MAIL_OPTIONS, MAIL_TRANSPORT, MailModuleOptions } from './mail-options';
import { MailOutbox } from './mail-outbox.repository';

/**
 * The mail outbox of one service: `MailOutbox` to enqueue e-mails in a transaction, `MailDispatcher`
 * to send them. Needs the service's TypeORM `DataSource` (DatabaseModule) and the `mail_outbox` table
 * (`mailTablesUp` in a migration).
 */
@Global()
@Module({})
export class MailModule {
  static forService(options: MailModuleOptions): DynamicModule {
    return {
      module: MailModule,
      providers: [
        { provide: MAIL_OPTIONS, useValue: options },
        { provide: MAIL_TRANSPORT, useFactory: () => createMailTransport(options.smtpUrl) },
        MailOutbox,
        MailDispatcher,
      ],
      exports: [MAIL_OPTIONS, MAIL_TRANSPORT, MailOutbox, MailDispatcher],
    };
  }
}
