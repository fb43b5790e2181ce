import type { ServiceConfig } from '@ates/config';
import { Topics } from '@ates/contracts';
import { ServiceCoreModule } from '@ates/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { TIME_ZONE } from './accounting.tokens';
import { AccountBookRepository } from './accounts/account-book.repository';
import { AccountsConsumer } from './accounts/accounts.consumer';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerQueries } from './ledger/ledger.queries';
import { LedgerService } from './ledger/ledger.service';
import { Initial1732500000000 } from './migrations/1732500000000-initial';
import { TaskCatalogRepository } from './tasks/task-catalog.repository';
import { TaskEventsConsumer } from './tasks/task-events.consumer';

export const CONSUMED_TOPICS = [Topics.AccountsStream, Topics.TasksStream, Topics.TasksLifecycle];
export const PRODUCED_TOPICS = [Topics.TransactionsStream, Topics.BillingLifecycle];

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forService(config, {
          migrations: [Initial1732500000000],
          topics: [...CONSUMED_TOPICS, ...PRODUCED_TOPICS],
        }),
      ],
      controllers: [LedgerController, AccountsConsumer, TaskEventsConsumer],
      providers: [
        { provide: TIME_ZONE, useValue: config.timezone },
        AccountBookRepository,
        TaskCatalogRepository,
        LedgerService,
        LedgerQueries,
      ],
    };
  }
}
