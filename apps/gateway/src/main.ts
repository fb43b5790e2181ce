import 'reflect-metadata';
import { readGatewayConfig } from '@ates/config';
import { bootstrapService, runMain, useCors } from '@ates/platform';
import { AppModule } from './app.module';
import { setupDocs } from './docs/setup-docs';
import { registerProxies } from './proxy/register-proxies';
import { registerSession } from './session/register-session';
import { serveWeb } from './web/serve-web';

runMain(async () => {
  const config = readGatewayConfig();
  await bootstrapService(AppModule.forRoot(config), {
    service: 'gateway',
    title: 'aTES gateway',
    description: 'The one entry point of aTES.',
    port: config.port,
    host: config.host,
    trustProxy: config.trustProxy,
    swagger: false, // the merged document of every service (setupDocs)
    parseJson: false,
    configure: async (app) => {
      useCors(app, config.corsOrigins);
      await registerProxies(app, config);
      setupDocs(app, config);
      await registerSession(app, config);
      await serveWeb(app, config);
    },
  });
});
