import 'reflect-metadata';
import { readServiceConfig } from '@ates/config';
import { bootstrapService } from '@ates/platform';
import { AppModule } from './app.module';

async function main() {
  const config = readServiceConfig('analytics');
  await bootstrapService(AppModule.forRoot(config), {
    service: 'analytics',
    title: 'aTES analytics',
    description: 'Management earnings, popugs in the red, most expensive tasks (admin only).',
    port: config.port,
    host: config.host,
  });
}

void main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
