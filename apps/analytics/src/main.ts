import 'reflect-metadata';
import { readServiceConfig } from '@ates/config';
import { bootstrapService, runMain } from '@ates/platform';
import { AppModule } from './app.module';
import { CONSUMED_EVENTS } from './consumed-events';

runMain(async () => {
  const config = readServiceConfig('analytics');
  await bootstrapService(AppModule.forRoot(config), {
    service: 'analytics',
    title: 'aTES analytics',
    description: 'Management earnings, popugs in the red, most expensive tasks (admin only).',
    port: config.port,
    host: config.host,
    trustProxy: config.trustProxy,
    consumes: CONSUMED_EVENTS,
  });
});
