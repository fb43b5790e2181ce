import 'reflect-metadata';
import { readServiceConfig } from '@ates/config';
import { bootstrapService, runMain } from '@ates/platform';
import { AppModule, CONSUMED_TOPICS } from './app.module';

runMain(async () => {
  const config = readServiceConfig('accounting');
  await bootstrapService(AppModule.forRoot(config), {
    service: 'accounting',
    title: 'aTES accounting',
    description: 'Payroll ledger: prices, fees, rewards, balances.',
    port: config.port,
    host: config.host,
    consumes: CONSUMED_TOPICS,
  });
});
