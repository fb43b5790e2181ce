import type { ServiceConfig } from '@ates/config';
import { Topics } from '@ates/contracts';
import { MailModule } from '@ates/mail';
import { ServiceCoreModule } from '@ates/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { CONSUMED_TOPICS } from './consumed-events';
import { AccountReplicaRepository } from './accounts/account-replica.repository';
import { AccountReplicaService } from './accounts/account-replica.service';
import { AccountsConsumer } from './accounts/accounts.consumer';
import { AssignmentNotifier } from './notifications/assignment-notifier';
import { MIGRATIONS } from './migrations';
import { TaskEntity } from './tasks/task.entity';
import { TasksController } from './tasks/tasks.controller';
import { TasksRepository } from './tasks/tasks.repository';
import { TasksService } from './tasks/tasks.service';

export const PRODUCED_TOPICS = [Topics.TasksStream, Topics.TasksLifecycle];

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forService(config, {
          entities: [TaskEntity],
          migrations: MIGRATIONS,
          topics: [...CONSUMED_TOPICS, ...PRODUCED_TOPICS],
        }),
        MailModule.forService({ schema: config.schema, ...config.mail }),
      ],
      controllers: [TasksController, AccountsConsumer],
      providers: [
        TasksService,
        TasksRepository,
        AccountReplicaRepository,
        AccountReplicaService,
        AssignmentNotifier,
      ],
    };
  }
}
