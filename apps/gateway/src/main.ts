import 'reflect-metadata';
import { readGatewayConfig } from '@ates/config';
import { createApp, runMain, stopGracefullyOnSignals, useCors } from '@ates/platform';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { setupDocs } from './docs/setup-docs';
import { registerProxies } from './proxy/register-proxies';

runMain(async () => {
  const config = readGatewayConfig();
  const app = await createApp(AppModule.forRoot(config), {
    service: 'gateway',
    title: 'aTES gateway',
    description: 'The one entry point of aTES.',
    port: config.port,
    host: config.host,
    trustProxy: config.trustProxy,
    swagger: false,
    parseJson: false,
  });
  const shutdown = stopGracefullyOnSignals(app, 'gateway');
  useCors(app, config.corsOrigins);
  await registerProxies(app, config);
  setupDocs(app, config);
  await app.listen(config.port, config.host);
  shutdown.started();
  app.get(Logger).log(`gateway listening on http://localhost:${config.port} (Swagger UI: /docs)`);
});
