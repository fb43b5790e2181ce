import 'reflect-metadata';
import { readServiceConfig } from '@ates/config';
import { connectEventConsumer } from '@ates/messaging';
import { bootstrapService } from '@ates/platform';
import { AppModule, CONSUMED_TOPICS } from './app.module';

async function main() {
  const config = readServiceConfig('accounting');
  await bootstrapService(AppModule.forRoot(config), {
    service: 'accounting',
    title: 'aTES accounting',
    description: 'Payroll ledger: prices, fees, rewards, balances.',
    port: config.port,
    host: config.host,
    beforeListen: (app) => void connectEventConsumer(app, CONSUMED_TOPICS),
  });
}

void main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
