import 'reflect-metadata';
import { readServiceConfig } from '@ates/config';
import { bootstrapService, runMain } from '@ates/platform';
import { AppModule } from './app.module';
import { CONSUMED_EVENTS } from './consumed-events';

runMain(async () => {
  const config = readServiceConfig('tasks');
  await bootstrapService(AppModule.forRoot(config), {
    service: 'tasks',
    title: 'aTES tasks',
    description: 'Task tracker: create, complete, shuffle.',
    port: config.port,
    host: config.host,
    trustProxy: config.trustProxy,
    consumes: CONSUMED_EVENTS,
  });
});
