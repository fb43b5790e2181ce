import 'reflect-metadata';
import { readAuthConfig } from '@ates/config';
import { bootstrapService, runMain } from '@ates/platform';
import { AppModule } from './app.module';

runMain(async () => {
  const config = readAuthConfig();
  await bootstrapService(AppModule.forRoot(config), {
    service: 'auth',
    title: 'aTES auth',
    description: 'Accounts, login, tokens (RS256, JWKS).',
    port: config.port,
    host: config.host,
    trustProxy: config.trustProxy,
  });
});
