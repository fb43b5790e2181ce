import 'reflect-metadata';
import { readServiceConfig } from '@ates/config';
import { bootstrapService, runMain } from '@ates/platform';
import { AppModule } from './app.module';
import { CONSUMED_EVENTS } from './consumed-events';

runMain(async () => {
  const config = readServiceConfig('accounting');
  await bootstrapService(AppModule.forRoot(config), {
    service: 'accounting',
    title: 'aTES accounting',
    description: 'Payroll ledger: prices, fees, rewards, balances.',
    port: config.port,
    host: config.host,
    trustProxy: config.trustProxy,
    consumes: CONSUMED_EVENTS,
  });
});
