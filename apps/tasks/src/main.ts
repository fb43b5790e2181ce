import 'reflect-metadata';
import { readServiceConfig } from '@ates/config';
import { connectEventConsumer } from '@ates/messaging';
import { bootstrapService } from '@ates/platform';
import { AppModule, CONSUMED_TOPICS } from './app.module';

async function main() {
  const config = readServiceConfig('tasks');
  await bootstrapService(AppModule.forRoot(config), {
    service: 'tasks',
    title: 'aTES tasks',
    description: 'Task tracker: create, complete, shuffle.',
    port: config.port,
    host: config.host,
    beforeListen: (app) => void connectEventConsumer(app, CONSUMED_TOPICS),
  });
}

void main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
