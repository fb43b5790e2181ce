import type { GatewayConfig } from '@ates/config';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';

/** The dashboards' files (apps/web/src: plain HTML, CSS and ES modules, served as they are — ADR 0012). */
export const WEB_ROOT = join(__dirname, '..', '..', '..', 'web', 'src');

/**
 * The web dashboards at `/`: one route per file found at start-up (no wildcard, so no API prefix — /auth, /tasks,
 * /accounting, /analytics, /docs, /health — is ever shadowed; the dashboards route by URL hash), and
 * `GET /config.json` with what the browser needs to know (the business time zone).
 */
export async function serveWeb(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  await app.register(fastifyStatic, {
    root: WEB_ROOT,
    prefix: '/',
    wildcard: false,
    decorateReply: false, // Swagger UI registers its own instance
    cacheControl: false,
    setHeaders: (reply) => void reply.header('cache-control', 'no-cache'),
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/config.json', async (_request, reply) =>
    reply.header('cache-control', 'no-cache').send({ timezone: config.timezone }),
  );
}
