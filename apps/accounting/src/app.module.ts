import type { ServiceConfig } from '@ates/config';
import { Topics } from '@ates/contracts';
import { MailModule } from '@ates/mail';
import { ServiceCoreModule } from '@ates/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TIME_ZONE } from './accounting.tokens';
import { AccountsConsumer } from './accounts/accounts.consumer';
import { BillingController } from './billing/billing.controller';
import { BillingScheduler } from './billing/billing.scheduler';
import { BillingService } from './billing/billing.service';
import { PayoutsRepository } from './billing/payouts.repository';
import { CONSUMED_TOPICS } from './consumed-events';
import { AccountBookRepository } from './ledger/account-book.repository';
import { BillingCyclesRepository } from './ledger/billing-cycles.repository';
import { EntriesRepository } from './ledger/entries.repository';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerQueries } from './ledger/ledger.queries';
import { LedgerService } from './ledger/ledger.service';
import { PostingGate } from './ledger/posting-gate.repository';
import { TaskEventsConsumer } from './ledger/task-events.consumer';
import { MIGRATIONS } from './migrations';
import { PayoutMailConsumer } from './payout-mail/payout-mail.consumer';
import { TaskCatalogRepository } from './pricing/task-catalog.repository';
import { StatsController } from './stats/stats.controller';
import { StatsQueries } from './stats/stats.queries';

export const PRODUCED_TOPICS = [Topics.TransactionsStream, Topics.BillingLifecycle];

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forService(config, {
          migrations: MIGRATIONS,
          topics: [...new Set([...CONSUMED_TOPICS, ...PRODUCED_TOPICS])],
        }),
        MailModule.forService({ schema: config.schema, ...config.mail }),
        ScheduleModule.forRoot(),
      ],
      controllers: [
        LedgerController,
        StatsController,
        BillingController,
        AccountsConsumer,
        TaskEventsConsumer,
        PayoutMailConsumer,
      ],
      providers: [
        { provide: TIME_ZONE, useValue: config.timezone },
        PostingGate,
        AccountBookRepository,
        TaskCatalogRepository,
        BillingCyclesRepository,
        PayoutsRepository,
        EntriesRepository,
        LedgerService,
        LedgerQueries,
        BillingService,
        BillingScheduler,
        StatsQueries,
      ],
    };
  }
}
