import type { ServiceConfig } from '@ates/config';
import { ServiceCoreModule } from '@ates/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { AccountStatesRepository } from './accounts/account-states.repository';
import { AccountStatesService } from './accounts/account-states.service';
import { AccountsConsumer } from './accounts/accounts.consumer';
import { CONSUMED_TOPICS } from './consumed-events';
import { TIME_ZONE } from './analytics.tokens';
import { FiguresController } from './figures/figures.controller';
import { FiguresQueries } from './figures/figures.queries';
import { BalancesRepository } from './ledger/balances.repository';
import { BalancesService } from './ledger/balances.service';
import { TransactionsConsumer } from './ledger/transactions.consumer';
import { MIGRATIONS } from './migrations';
import { TaskEventsConsumer } from './tasks/task-events.consumer';
import { TaskFactsRepository } from './tasks/task-facts.repository';
import { TaskFactsService } from './tasks/task-facts.service';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forService(config, { migrations: MIGRATIONS, topics: CONSUMED_TOPICS })],
      controllers: [FiguresController, AccountsConsumer, TransactionsConsumer, TaskEventsConsumer],
      providers: [
        { provide: TIME_ZONE, useValue: config.timezone },
        AccountStatesRepository,
        AccountStatesService,
        BalancesRepository,
        BalancesService,
        TaskFactsRepository,
        TaskFactsService,
        FiguresQueries,
      ],
    };
  }
}
