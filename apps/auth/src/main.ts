import 'reflect-metadata';
import { readAuthConfig } from '@ates/config';
import { bootstrapService } from '@ates/platform';
import { AppModule } from './app.module';

async function main() {
  const config = readAuthConfig();
  await bootstrapService(AppModule.forRoot(config), {
    service: 'auth',
    title: 'aTES auth',
    description: 'Accounts, login, tokens (RS256, JWKS).',
    port: config.port,
    host: config.host,
  });
}

void main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
